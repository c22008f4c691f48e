import { ValueError } from '../errors/errors.js';

/** Python's `repr` of a float, as Keras writes numbers: `1.0`, `0.25`, `1e-07`, `nan`, `inf`. */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const abs = Math.abs(value);
  if (abs >= 1e16 || abs < 1e-4) return pythonExponent(value.toExponential());
  return String(value);
}

/** JavaScript's `1.5e-7` → Python's `1.5e-07` (at least two exponent digits, explicit sign). */
function pythonExponent(text: string): string {
  const [mantissa, exponent] = text.split('e');
  const sign = exponent!.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent!.replace(/^[+-]/, '').padStart(2, '0')}`;
}

const SPEC = /^(?<fill>0)?(?<width>\d+)?(?:\.(?<precision>\d+))?(?<type>[dfFeE%s])?$/;

function formatValue(name: string, value: number | string, spec: string, template: string, isInteger: boolean): string {
  const match = SPEC.exec(spec);
  if (match === null) {
    throw new ValueError(
      `Cannot format "${template}": the format spec ':${spec}' of {${name}} is not supported. Use one of {name}, {name:02d}, {name:.2f}, {name:.4e}.`,
    );
  }
  const { fill, width, precision, type } = match.groups as Record<string, string | undefined>;
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (type === 'd') {
    if (!Number.isInteger(value))
      throw new ValueError(`Cannot format "${template}": {${name}:${spec}} needs an integer, got ${value}. Use a float spec such as {${name}:.4f}.`);
    text = String(Math.abs(value));
  } else if (type === 'f' || type === 'F') {
    text = Number.isFinite(value) ? Math.abs(value).toFixed(Number(precision ?? 6)) : formatPythonFloat(Math.abs(value));
  } else if (type === 'e' || type === 'E') {
    text = Number.isFinite(value) ? pythonExponent(Math.abs(value).toExponential(Number(precision ?? 6))) : formatPythonFloat(Math.abs(value));
    if (type === 'E') text = text.toUpperCase();
  } else if (type === '%') {
    text = `${(Math.abs(value) * 100).toFixed(Number(precision ?? 6))}%`;
  } else {
    text = precision !== undefined ? Math.abs(value).toPrecision(Number(precision)) : isInteger ? String(Math.abs(value)) : formatPythonFloat(Math.abs(value));
  }
  const sign = typeof value === 'number' && (value < 0 || Object.is(value, -0)) ? '-' : '';
  const size = Number(width ?? 0);
  if (fill === '0') return sign + text.padStart(size - sign.length, '0');
  return (sign + text).padStart(size, ' ');
}

/**
 * Formats a Python `str.format` template with named fields, the subset Keras file names use:
 * `{name}`, `{name:02d}`, `{name:.2f}`, `{name:.4e}` (also widths, `%`, and `{{`/`}}` escapes).
 * Fields named in `integers` print as Python ints (`3`); other numbers as Python floats (`3.0`).
 * A missing field throws naming it.
 */
export function formatPythonTemplate(template: string, values: Record<string, number | string>, integers: ReadonlySet<string> = new Set()): string {
  return template.replace(/\{\{|\}\}|\{([^{}:]*)(?::([^{}]*))?\}/g, (whole, name: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const key = name ?? '';
    const value = values[key];
    if (value === undefined) {
      throw new ValueError(
        `Failed to format this callback filepath: "${template}". Reason: no value for '${key}'. Available: ${Object.keys(values).join(', ')}.`,
      );
    }
    return formatValue(key, value, spec ?? '', template, integers.has(key));
  });
}
