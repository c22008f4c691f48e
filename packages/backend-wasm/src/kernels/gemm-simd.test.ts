import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { gemmFusesMultiplyAdd, gemmModuleBytes, gemmRunner } from './gemm-simd.js';
import { inOrderProduct, productMultiplyAdd, sameBits } from './product-reference.test-utils.js';

describe('SIMD product module', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('validates as WebAssembly in both memory variants', () => {
    expect(WebAssembly.validate(gemmModuleBytes(false))).toBe(true);
    expect(WebAssembly.validate(gemmModuleBytes(true))).toBe(true);
  });

  it.each([
    [1, 4, 1, false],
    [4, 8, 3, false],
    [5, 12, 7, false],
    [9, 20, 33, true],
    [64, 52, 50, false],
    [3, 4, 200, true],
    [6, 50, 40, false], // 50 columns: two done one at a time
    [5, 3, 9, true],
    [2, 1, 5, false],
    [7, 16, 300, true], // depth over two passes of 128
    [4, 12, 257, false],
    [8, 9, 70, false], // one column left over for two blocks of four rows
    [14, 7, 130, true], // three left over, then two rows one at a time
    [10, 6, 20, false],
  ])('rows %i, columns %i, depth %i (A transposed %s): every element bit for bit', (rows, columns, depth, transposeA) => {
    const backend = tf.backend() as BackendWasm;
    const a = tf.randomUniform([rows * depth], -2, 2, 'float32', rows + depth);
    const b = tf.randomUniform([depth * columns], -2, 2, 'float32', columns);
    // C starts as NaN (the product must never read what was there), with a guard of 7s after it.
    const c = tf.concat([tf.fill([rows * columns], Number.NaN), tf.fill([8], 7)]);
    const [av, bv, cv] = [a, b, c].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
    const expected = inOrderProduct(av, bv, rows, columns, depth, transposeA, productMultiplyAdd(backend));
    const run = gemmRunner(backend)!;
    const [aRow, aDepth] = transposeA ? [4, 4 * rows] : [4 * depth, 4];
    run(av.byteOffset, bv.byteOffset, cv.byteOffset, rows, columns, depth, aRow, aDepth, 4 * columns, 4 * columns);
    const result = (backend.typedArrayFromHeap(c) as Float32Array).slice();
    expect(sameBits(result.subarray(0, rows * columns), expected)).toBe(true);
    // Nothing written past the product.
    expect(Array.from(result.subarray(rows * columns))).toEqual(new Array(8).fill(7));
    // With fused multiply-adds (the suite's relaxed-SIMD run), products this deep round differently from separate ones somewhere.
    if (gemmFusesMultiplyAdd(backend) && depth > 100) expect(sameBits(expected, inOrderProduct(av, bv, rows, columns, depth, transposeA))).toBe(false);
    tf.dispose([a, b, c]);
  });
});
