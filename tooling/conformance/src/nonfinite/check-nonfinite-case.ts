import { defaultTolerance, type Tolerance } from '../cases/case.js';
import { evaluate } from '../check/check-case.js';
import type { NonfiniteCase } from './nonfinite-cases.js';

type Values = Float32Array | Int32Array | Uint8Array;

/** `NaN`, `+Infinity`, `-Infinity` or `finite`: what must match exactly between backends. */
export function valueClass(value: number): 'NaN' | '+Infinity' | '-Infinity' | 'finite' {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return 'finite';
}

/**
 * Throws, naming the first element, when `actual` and `expected` differ in NaN-ness or
 * infinity (with sign), or when finite values differ beyond `tolerance`.
 */
export function compareNonfinite(label: string, actual: Values, expected: Values, tolerance: Tolerance, referenceBackend: string): void {
  if (actual.length !== expected.length) throw new Error(`${label}: ${actual.length} values, expected ${expected.length}.`);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    const [actualClass, expectedClass] = [valueClass(a), valueClass(e)];
    const differs = actualClass !== expectedClass || (actualClass === 'finite' && !(Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e)));
    if (differs) {
      throw new Error(
        `${label}: value ${i} is ${a}, '${referenceBackend}' gives ${e} (NaN and ±Infinity must match exactly; finite values within atol ${tolerance.atol}, rtol ${tolerance.rtol}).`,
      );
    }
  }
}

/**
 * Runs a {@link NonfiniteCase} on `backendName` and on `referenceBackend` and throws when any
 * output or gradient element differs in class (NaN, +Infinity, −Infinity, finite) or, when
 * finite, beyond the case's tolerance; or when either run leaks tensors.
 */
export async function checkNonfiniteCase(backendName: string, nonfiniteCase: NonfiniteCase, referenceBackend = 'cpu'): Promise<void> {
  const { base } = nonfiniteCase;
  const tolerance = { ...defaultTolerance, ...base.tolerance };
  const inputValues = nonfiniteCase.inputValues();
  const expected = await evaluate(referenceBackend, base, inputValues, true);
  const actual = await evaluate(backendName, base, inputValues, false);
  const name = `'${nonfiniteCase.name}' on '${backendName}'`;
  expected.outputs.forEach((reference, k) => {
    const output = actual.outputs[k];
    if (output === undefined) throw new Error(`${name}: output ${k} is missing.`);
    if (output.shape.join() !== reference.shape.join() || output.dtype !== reference.dtype) {
      throw new Error(`${name}: output ${k} is ${output.dtype}[${output.shape}], expected ${reference.dtype}[${reference.shape}].`);
    }
    compareNonfinite(`${name}, output ${k}`, output.values, reference.values, tolerance, referenceBackend);
  });
  expected.gradients.forEach((reference, k) => {
    const gradient = actual.gradients[k];
    if (gradient === undefined) throw new Error(`${name}: gradient ${k} is missing.`);
    compareNonfinite(`${name}, gradient of input ${k}`, gradient.values, reference.values, tolerance, referenceBackend);
  });
}
