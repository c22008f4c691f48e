import type { ConformanceCase } from '../cases/case.js';
import { makeInputValues } from '../check/check-case.js';

/**
 * Which non-finite value a {@link NonfiniteCase} plants: NaN as JavaScript writes it (sign bit
 * clear), `-nan` — a NaN with the sign bit set, the "default NaN" x86 produces for 0 × ∞ and
 * ∞ − ∞, so the NaN a diverging model actually carries (kernels that work on the bits, like
 * XNNPACK's integer-max ReLU, treat it as negative) — +Infinity or −Infinity.
 */
export type NonfiniteValue = 'nan' | '-nan' | '+inf' | '-inf';

/** The non-finite values every float input is run with, in order. */
export const nonfiniteValues: readonly NonfiniteValue[] = ['nan', '-nan', '+inf', '-inf'];

/** The float32 bit patterns planted. */
const plantedBits: Record<NonfiniteValue, number> = {
  nan: 0x7fc00000,
  '-nan': 0xffc00000,
  '+inf': 0x7f800000,
  '-inf': 0xff800000,
};

/**
 * One op-level conformance case run with a non-finite value planted in one of its float inputs.
 * Its name, `<case name> [<value> in input <i>]`, is the key for skip lists; the case name alone
 * skips every variant of the case.
 */
export interface NonfiniteCase {
  name: string;
  base: ConformanceCase;
  value: NonfiniteValue;
  /** Index of the input that holds the planted value. */
  input: number;
  /** The inputs: the case's seeded random values with the planted ones. */
  inputValues(): (Float32Array | Int32Array | Uint8Array)[];
}

/**
 * Where a value is planted in an input of `size` elements: the first element and the middle one,
 * so reductions, pooling windows, matMul rows and softmax rows meet it while the rest of the
 * tensor stays finite (results it must not reach are compared too).
 */
export function plantPositions(size: number): number[] {
  if (size === 0) return [];
  return size === 1 ? [0] : [0, Math.floor(size / 2)];
}

/** The case's seeded inputs with `value` planted (see {@link plantPositions}) in input `input`. */
export function nonfiniteInputValues(conformanceCase: ConformanceCase, value: NonfiniteValue, input: number): (Float32Array | Int32Array | Uint8Array)[] {
  const values = makeInputValues(conformanceCase);
  const target = values[input]!;
  // Written as bits: storing the number NaN would always give the positive pattern.
  const bits = new Uint32Array(target.buffer, target.byteOffset, target.length);
  for (const position of plantPositions(target.length)) bits[position] = plantedBits[value];
  return values;
}

/**
 * Every case of `cases` once per float input and non-finite value (NaN of either sign, +Infinity,
 * −Infinity),
 * one input at a time so a difference names the operand that caused it (`max(NaN, x)` and
 * `max(x, NaN)` are both checked). Integer and boolean inputs (indices, labels) cannot hold NaN
 * and are left as drawn.
 */
export function nonfiniteCases(cases: readonly ConformanceCase[]): NonfiniteCase[] {
  return cases.flatMap((base) =>
    base.inputs.flatMap((spec, input) =>
      (spec.dtype ?? 'float32') !== 'float32'
        ? []
        : nonfiniteValues.map(
            (value): NonfiniteCase => ({
              name: `${base.name} [${value} in input ${input}]`,
              base,
              value,
              input,
              inputValues: () => nonfiniteInputValues(base, value, input),
            }),
          ),
    ),
  );
}
