import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nativeAddon } from '../addon/load.js';
import { available, seeded, skipReason } from './kernels.test-utils.js';

/** `count` values of which a `zeros` share are zeros (alternately +0 and −0), the rest from `value(i)`. */
function withZeros(count: number, zeros: number, seed: number, value: (i: number) => number): Float32Array {
  const draws = seeded(count, seed);
  return Float32Array.from({ length: count }, (_, i) => (Math.abs(draws[i]!) < zeros ? (i % 2 === 0 ? 0 : -0) : value(i)));
}

/** Small integers in [−3, 3] with a `zeros` share of zeros: every product and partial sum is exact in float32. */
const integers = (count: number, zeros: number, seed: number) => {
  const draws = seeded(count, seed + 1000);
  return withZeros(count, zeros, seed, (i) => Math.round(draws[i]! * 3) || 1);
};

/** op(A)·B in float64 by the definition, A [m, k] (or [k, m] transposed), B [k, n]. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, transposeA: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (transposeA ? a[p * m + i]! : a[i * k + p]!) * b[p * n + j]!;
      c[i * n + j] = sum;
    }
  return c;
}

/** The addon's product of op(A)·op(B) and how many zero-skipping products it ran for it. */
function product(a: Float32Array, b: Float32Array, m: number, n: number, k: number, transposeA: boolean, transposeB = false) {
  const addon = nativeAddon();
  const out = new Float32Array(m * n).fill(Number.NaN);
  const before = addon.sparseProductRuns();
  addon.batchMatMul(a, b, out, m, n, k, transposeA, transposeB, [0], [0]);
  return { out, runs: addon.sparseProductRuns() - before };
}

// Products whose left operand is mostly zeros skip those terms (native/sparse_gemm.cc): chosen from
// 45 % zeros, at least 64 columns and 2^21 multiply-adds, B untransposed and finite.
// Each case runs with the processor's kernels and, on an AVX-512 processor, with the AVX2 ones too.
const instructionSets = available && nativeAddon().sparseProductIsa() === 'avx512' ? [false, true] : [false];

describe.skipIf(!available || nativeAddon().sparseProductIsa() === 'none').each(instructionSets)(
  `zero-skipping products on 'native' (${skipReason}; AVX2 only: %s)`,
  (avx2Only) => {
    beforeEach(() => nativeAddon().setSparseProducts(true, avx2Only));
    afterEach(() => nativeAddon().setSparseProducts(true));

    it.each([
      // m, k, n, transposeA: column tails of 16/8/1 and a masked block; several passes of 64 k; bands on two threads
      [40, 700, 85, false],
      [64, 130, 300, true],
      [20, 820, 128, false],
      [200, 300, 70, true],
      [2400, 500, 64, false], // lists over 2^20 entries: each thread's band in blocks of rows
    ] as const)('%i × %i × %i (A transposed %s), small integers, mostly zeros: the exact sums', (m, k, n, transposeA) => {
      const a = integers(m * k, 0.6, m + k);
      const b = integers(k * n, 0.1, n);
      const { out, runs } = product(a, b, m, n, k, transposeA);
      expect(runs).toBe(1);
      expect(Array.from(out)).toEqual(Array.from(reference(a, b, m, n, k, transposeA)));
    });

    it('random values, 70 % zeros: within float32 rounding of the float64 sums; all-zero rows give +0', () => {
      const [m, k, n] = [96, 500, 160];
      const a = withZeros(m * k, 0.7, 1, (i) => Math.fround(Math.sin(i) * 2));
      a.fill(0, 5 * k, 6 * k); // row 5: all zeros
      const b = Float32Array.from(seeded(k * n, 2), Math.fround);
      const { out, runs } = product(a, b, m, n, k, false);
      expect(runs).toBe(1);
      const expected = reference(a, b, m, n, k, false);
      const scale = reference(a.map(Math.abs), b.map(Math.abs), m, n, k, false);
      for (let i = 0; i < m * n; i++) expect(Math.abs(out[i]! - expected[i]!), `element ${i}`).toBeLessThanOrEqual(k * 2 ** -24 * scale[i]!);
      expect(Array.from(out.subarray(5 * n, 6 * n)).every((x) => Object.is(x, 0))).toBe(true);
    });

    it('keeps a NaN of A (not a zero) and runs the dense product where B holds an infinity or NaN (0·∞ is NaN)', () => {
      const [m, k, n] = [64, 400, 100];
      const a = integers(m * k, 0.6, 3);
      a[7] = Number.NaN;
      const b = integers(k * n, 0, 4);
      const withNaN = product(a, b, m, n, k, false);
      expect(withNaN.runs).toBe(1);
      expect(Array.from(withNaN.out.subarray(0, n)).every(Number.isNaN)).toBe(true);
      expect(Array.from(withNaN.out.subarray(n)).some(Number.isNaN)).toBe(false);
      a[7] = 0;
      // Row 2 of A is zero at k = 11, where B's row holds an infinity.
      a[2 * k + 11] = 0;
      b[11 * n + 5] = Number.POSITIVE_INFINITY;
      const poisoned = product(a, b, m, n, k, false);
      expect(poisoned.runs).toBe(0);
      expect(Number.isNaN(poisoned.out[2 * n + 5])).toBe(true);
    });

    it('runs the dense product with too few zeros, fewer than 64 columns or 2^21 multiply-adds, a transposed B, or when turned off', () => {
      const dense = (m: number, k: number, n: number, zeros: number, transposeB = false) => {
        const a = integers(m * k, zeros, 5);
        const b = integers(k * n, 0, 6);
        const { out, runs } = product(a, b, m, n, k, false, transposeB);
        if (!transposeB) expect(Array.from(out)).toEqual(Array.from(reference(a, b, m, n, k, false)));
        return runs;
      };
      expect(dense(64, 400, 100, 0.3)).toBe(0);
      expect(dense(200, 400, 40, 0.9)).toBe(0);
      expect(dense(30, 300, 100, 0.9)).toBe(0);
      expect(dense(64, 400, 100, 0.9, true)).toBe(0);
      nativeAddon().setSparseProducts(false);
      expect(dense(64, 400, 100, 0.9)).toBe(0);
      nativeAddon().setSparseProducts(true, avx2Only);
      expect(dense(64, 400, 100, 0.9)).toBe(1);
    });
  },
);
