/** One axis tick: its value and the label drawn beside it ('' for minor ticks). */
export interface Tick {
  /** Data value of the tick. */
  value: number;
  /** Label text; empty for unlabelled minor ticks. */
  label: string;
}

/** Rounds `value` to the nearest "nice" 1, 2, 2.5 or 5 times a power of ten (Heckbert's nice numbers). */
export function niceStep(value: number): number {
  const exponent = Math.floor(Math.log10(value));
  const fraction = value / 10 ** exponent;
  const nice = fraction < 1.4 ? 1 : fraction < 2.2 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10;
  return nice * 10 ** exponent;
}

function decimalsOf(step: number): number {
  // 0.025 needs three decimals, 0.2 one, 50 none; read them off the step's own digits.
  for (let decimals = 0; decimals < 12; decimals++) {
    if (Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) < 1e-6) return decimals;
  }
  return 12;
}

/** Formats a tick value with the given decimals, without "-0" and with exponents for extreme magnitudes. */
export function formatNumber(value: number, decimals: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || (magnitude < 1e-4 && decimals > 4)) return value.toExponential(1).replace('e+', 'e');
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Ticks at nice round values inside [min, max], about `targetCount` of them,
 * all labelled with the same number of decimals.
 */
export function linearTicks(min: number, max: number, targetCount = 5): Tick[] {
  if (!(max > min)) return [{ value: min, label: formatNumber(min, 2) }];
  const step = niceStep((max - min) / Math.max(1, targetCount - 1));
  const decimals = decimalsOf(step);
  const ticks: Tick[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let index = first; index <= last; index++) {
    const value = index * step;
    ticks.push({ value, label: formatNumber(value, decimals) });
  }
  return ticks;
}

const SUPERSCRIPTS: Record<string, string> = {
  '-': '\u207b',
  '0': '\u2070',
  '1': '\u00b9',
  '2': '\u00b2',
  '3': '\u00b3',
  '4': '\u2074',
  '5': '\u2075',
  '6': '\u2076',
  '7': '\u2077',
  '8': '\u2078',
  '9': '\u2079',
};

/** Formats a power of ten as "10" with a Unicode superscript exponent, like matplotlib's log axes. */
export function formatPowerOfTen(exponent: number): string {
  return `10${[...String(exponent)].map((character) => SUPERSCRIPTS[character] ?? character).join('')}`;
}

/**
 * Ticks for a base-10 log axis over [min, max] (both > 0): labelled decades and
 * unlabelled 2…9 minor ticks; when the range spans less than about two
 * decades the 2× and 5× ticks get labels too, so there are always a few labels.
 */
export function logTicks(min: number, max: number): Tick[] {
  const low = Math.floor(Math.log10(min) + 1e-9);
  const high = Math.ceil(Math.log10(max) - 1e-9);
  const labelIntermediate = Math.log10(max / min) < 2;
  const ticks: Tick[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    for (let multiple = 1; multiple <= 9; multiple++) {
      const value = multiple * 10 ** exponent;
      if (value < min * (1 - 1e-9) || value > max * (1 + 1e-9)) continue;
      let label = '';
      if (multiple === 1) label = formatPowerOfTen(exponent);
      else if (labelIntermediate && (multiple === 2 || multiple === 5)) {
        label = formatNumber(value, Math.max(0, -exponent));
      }
      ticks.push({ value, label });
    }
  }
  return ticks;
}

/** Ticks at whole numbers only (epochs, counts), about `targetCount` of them inside [min, max]. */
export function integerTicks(min: number, max: number, targetCount = 6): Tick[] {
  let step = niceStep(Math.max(1e-9, max - min) / Math.max(1, targetCount - 1));
  if (step < 1) step = 1;
  else if (!Number.isInteger(step)) step = Math.floor(step);
  const ticks: Tick[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + 1e-9; value += step) {
    ticks.push({ value, label: String(value) });
  }
  return ticks;
}
