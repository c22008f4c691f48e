import { readFileSync } from 'node:fs';
import { arch } from 'node:os';
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError, ValueError } from '@keras-ts/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { setAdaptiveThreads, setFusedMultiplyAdd, wasmBackendInfo } from '../index.js';
import { GEMM_FUSED, gemmKind, gemmModuleBytes, gemmRunner, relaxedMultiplyAddIsFused } from './gemm-simd.js';
import { heapWorkers } from './heap-workers.js';
import { fusedMultiplyAdd, inOrderProduct, sameBits, separateMultiplyAdd } from './product-reference.test-utils.js';

// The relaxed-SIMD build of the heap product, as browsers and Node ≥ 22 run it. Node 20 has relaxed
// SIMD behind a flag, which V8 reads whenever it compiles a module, so turning it on here (each
// test file runs in its own process) makes this file's backend choose the fused build.
if (!WebAssembly.validate(gemmModuleBytes(false, true))) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
// Wanted whatever KERAS_TS_WASM_FMA says (the suite's second run sets it to 0 where relaxed SIMD is on by default).
setFusedMultiplyAdd(true);

/** Whether this x64 Linux processor has FMA (undefined where /proc/cpuinfo does not say). */
function processorHasFma(): boolean | undefined {
  if (arch() !== 'x64') return undefined;
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1];
    return flags === undefined ? undefined : /\sfma(\s|$)/.test(flags);
  } catch {
    return undefined;
  }
}

const values = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed) * 10 ** ((i % 5) - 2));

describe('the fused (relaxed-SIMD) heap product', () => {
  let backend: BackendWasm;
  let multiplyAdd: typeof fusedMultiplyAdd;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    backend = tf.backend() as BackendWasm;
    multiplyAdd = relaxedMultiplyAddIsFused() ? fusedMultiplyAdd : separateMultiplyAdd;
    // The configured threads, whatever else keeps this machine's cores busy.
    setAdaptiveThreads(false);
  });

  afterAll(() => {
    setAdaptiveThreads(true);
  });

  it('is the build the backend chose, and the runtime fuses it exactly where the processor has FMA', () => {
    expect(WebAssembly.validate(gemmModuleBytes(false, true))).toBe(true);
    expect(WebAssembly.validate(gemmModuleBytes(true, true))).toBe(true);
    expect(gemmKind(backend)).toBe(GEMM_FUSED);
    const hasFma = processorHasFma();
    if (hasFma !== undefined) expect(relaxedMultiplyAddIsFused()).toBe(hasFma);
    expect(wasmBackendInfo()!.fusedMultiplyAdd).toBe(relaxedMultiplyAddIsFused());
  });

  it.each([
    [1, 4, 1, false],
    [5, 12, 7, false],
    [9, 20, 33, true],
    [64, 52, 50, false],
    [6, 50, 40, false], // 50 columns: two done one at a time
    [5, 3, 9, true],
    [7, 16, 300, true], // depth over two passes of 128
    [4, 14, 257, false],
    [8, 9, 70, false], // one column left over for two blocks of four rows
    [14, 7, 130, true], // three left over, then two rows one at a time
    [10, 6, 20, false],
  ])('rows %i, columns %i, depth %i (A transposed %s): every element bit for bit the in-order multiply-adds', (rows, columns, depth, transposeA) => {
    const a = tf.tensor1d(values(rows * depth, rows));
    const b = tf.tensor1d(values(depth * columns, columns));
    // C starts as NaN (the product must never read it), with a guard of 7s after it.
    const c = tf.concat([tf.fill([rows * columns], Number.NaN), tf.fill([8], 7)]);
    const [av, bv, cv] = [a, b, c].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
    const [aRow, aDepth] = transposeA ? [4, 4 * rows] : [4 * depth, 4];
    gemmRunner(backend)!(av.byteOffset, bv.byteOffset, cv.byteOffset, rows, columns, depth, aRow, aDepth, 4 * columns, 4 * columns);
    const result = (backend.typedArrayFromHeap(c) as Float32Array).slice();
    const expected = inOrderProduct(av, bv, rows, columns, depth, transposeA, multiplyAdd);
    expect(sameBits(result.subarray(0, rows * columns), expected)).toBe(true);
    expect(Array.from(result.subarray(rows * columns))).toEqual(new Array(8).fill(7));
    // Where FMA fuses, products this deep round differently from separate multiply-adds somewhere.
    if (multiplyAdd === fusedMultiplyAdd && depth > 100) expect(sameBits(expected, inOrderProduct(av, bv, rows, columns, depth, transposeA))).toBe(false);
    tf.dispose([a, b, c]);
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('shares large products with the helper threads, which run the same fused build', () => {
    const helpers = heapWorkers();
    const info = wasmBackendInfo()!;
    // Node's threaded build starts helpers with the fused module as with the separate one.
    expect(helpers?.count ?? 0).toBe(info.binary === 'threaded-simd' && info.threads > 1 ? info.threads - 1 : 0);
    if (helpers === undefined) return;
    let shared = 0;
    const original = helpers.runGemm.bind(helpers);
    helpers.runGemm = (parts, local) => {
      shared++;
      original(parts, local);
    };
    try {
      // 2^23 multiply-adds and more go to the helpers; 130 columns leave two for the one-at-a-time tail.
      const [m, n, k] = [132, 130, 520];
      const aValues = values(m * k, 5);
      const bValues = values(k * n, 6);
      const a = tf.tensor2d(aValues, [m, k]);
      const b = tf.tensor2d(bValues, [k, n]);
      const tensors = tf.memory().numTensors;
      const product = tf.matMul(a, b);
      expect(shared).toBe(1);
      expect(sameBits(product.dataSync() as Float32Array, inOrderProduct(aValues, bValues, m, n, k, false, multiplyAdd))).toBe(true);
      product.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      tf.dispose([a, b]);
    } finally {
      helpers.runGemm = original;
    }
  });

  it('cannot be switched once the backend has started, and takes only true or false', () => {
    expect(() => setFusedMultiplyAdd(false)).toThrow(BackendError);
    expect(() => setFusedMultiplyAdd(false)).toThrow(/before setBackend\('wasm'\)/);
    expect(() => setFusedMultiplyAdd('no' as unknown as boolean)).toThrow(ValueError);
    expect(gemmKind(backend)).toBe(GEMM_FUSED);
  });
});
