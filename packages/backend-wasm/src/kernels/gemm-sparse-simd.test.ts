import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { sparseGemmModuleBytes, sparseGemmRunner, sparseGemmScratchBytes } from './gemm-sparse-simd.js';
import { inOrderProduct, productMultiplyAdd, sameBits } from './product-reference.test-utils.js';

/** `count` values in [−2, 2), a `zeros` share of them zeros (every third of those −0), from a small LCG so every run is the same. */
function sparseValues(count: number, zeros: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Float32Array.from({ length: count }, (_, i) => {
    if (next() < zeros) return i % 3 === 0 ? -0 : 0;
    return 4 * next() - 2;
  });
}

describe('zero-skipping product module', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('validates as WebAssembly in both memory variants', () => {
    // The fused build needs relaxed SIMD: the suite's relaxed-SIMD run exercises it through the runner.
    for (const shared of [false, true]) expect(WebAssembly.validate(sparseGemmModuleBytes(shared))).toBe(true);
  });

  it.each([
    // rows, columns, depth, share of zeros in A, A transposed, C transposed
    [1, 32, 1, 0, false, false],
    [3, 64, 7, 0.5, false, false],
    [5, 100, 300, 0.6, true, false], // three 32-column blocks, one of 4; three passes over k
    [9, 103, 128, 0.4, false, true], // and three columns one at a time; exactly one pass
    [4, 36, 129, 0.9, true, true], // a second pass of one k
    [7, 70, 257, 1, false, false], // A all zeros: C all +0
    [6, 33, 40, 0, true, false], // no zeros: every term
    [2, 3, 50, 0.5, false, false], // no block at all: columns one at a time
    [17, 256, 200, 0.7, true, true],
  ])('rows %i, columns %i, depth %i, %f zeros (A transposed %s, C transposed %s): the dense in-order sums bit for bit', (rows, columns, depth, zeros, transposeA, transposeC) => {
    const backend = tf.backend() as BackendWasm;
    const aValues = sparseValues(rows * depth, zeros, rows + depth);
    const bValues = sparseValues(depth * columns, 0.1, columns);
    const a = tf.tensor1d(aValues);
    const b = tf.tensor1d(bValues);
    // C starts as NaN (the first pass must not read it), with a guard of 7s after it.
    const c = tf.concat([tf.fill([rows * columns], Number.NaN), tf.fill([8], 7)]);
    const scratch = tf.fill([Math.ceil(sparseGemmScratchBytes(rows, depth) / 4)], Number.NaN);
    const [av, bv, cv, sv] = [a, b, c, scratch].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as Float32Array[];
    const [aRow, aDepth] = transposeA ? [4, 4 * rows] : [4 * depth, 4];
    const [cRow, cColumn] = transposeC ? [4, 4 * rows] : [4 * columns, 4];
    sparseGemmRunner(backend)!(av!.byteOffset, bv!.byteOffset, cv!.byteOffset, rows, columns, depth, aRow, aDepth, 4 * columns, cRow, cColumn, sv!.byteOffset);
    const result = (backend.typedArrayFromHeap(c) as Float32Array).slice();
    const expected = inOrderProduct(aValues, bValues, rows, columns, depth, transposeA, productMultiplyAdd(backend));
    const actual = transposeC
      ? Float32Array.from(expected, (_, at) => result[(at % columns) * rows + Math.floor(at / columns)]!)
      : result.subarray(0, rows * columns);
    expect(sameBits(actual, expected)).toBe(true);
    if (zeros === 1) expect(Array.from(actual).every((value) => Object.is(value, 0))).toBe(true);
    expect(Array.from(result.subarray(rows * columns))).toEqual(new Array(8).fill(7));
    tf.dispose([a, b, c, scratch]);
  });

  it('keeps a NaN of A (it is not a zero) and skips only zeros: a NaN row of B reaches C only through A’s non-zeros', () => {
    const backend = tf.backend() as BackendWasm;
    const [rows, columns, depth] = [4, 40, 6];
    // Row 0 of A has a NaN at k = 2; rows 1–3 are zero at k = 4, where B's row is NaN.
    const aValues = Float32Array.from({ length: rows * depth }, (_, at) => (at === 2 ? Number.NaN : at % depth === 4 && at >= depth ? 0 : 1 + (at % 5)));
    const bValues = Float32Array.from({ length: depth * columns }, (_, at) => (Math.floor(at / columns) === 4 ? Number.NaN : 0.5 + (at % 7)));
    const [a, b, c] = [tf.tensor1d(aValues), tf.tensor1d(bValues), tf.zeros([rows * columns])];
    const scratch = tf.zeros([Math.ceil(sparseGemmScratchBytes(rows, depth) / 4)]);
    const [av, bv, cv, sv] = [a, b, c, scratch].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as Float32Array[];
    sparseGemmRunner(backend)!(av!.byteOffset, bv!.byteOffset, cv!.byteOffset, rows, columns, depth, 4 * depth, 4, 4 * columns, 4 * columns, 4, sv!.byteOffset);
    const result = backend.typedArrayFromHeap(c) as Float32Array;
    // Row 0: NaN (its own NaN, and B's NaN row meets a non-zero A); rows 1–3: B's NaN row is skipped.
    expect(Array.from(result.subarray(0, columns)).every(Number.isNaN)).toBe(true);
    expect(Array.from(result.subarray(columns)).some(Number.isNaN)).toBe(false);
    tf.dispose([a, b, c, scratch]);
  });
});
