import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAdaptiveThreads, wasmBackendInfo } from '../index.js';
import { withoutHeapRunner } from './heap-module.js';
import { heapWorkers } from './heap-workers.js';
import { inOrderProduct, productMultiplyAdd, sameBits } from './product-reference.test-utils.js';
import { sparseProductRuns } from './sparse-product.js';

/** `count` values in [−2, 2), a `zeros` share of them zeros of either sign, from a small LCG. */
function values(count: number, zeros: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Float32Array.from({ length: count }, (_, i) => (next() < zeros ? (i % 2 === 0 ? -0 : 0) : 4 * next() - 2));
}

/** Data buffers the wasm backend holds (scratch the kernels make and drop included). */
const dataIds = () => (tf.backend() as BackendWasm).numDataIds();

/** A [rows, columns] array transposed. */
const transposed = (x: Float32Array, rows: number, columns: number) => Float32Array.from(x, (_, at) => x[(at % rows) * columns + Math.floor(at / rows)]!);

/** `tf.matMul` of the values, the runs of the zero-skipping product it made, and the backend's data buffers left over. */
function product(aValues: Float32Array, aShape: [number, number], bValues: Float32Array, bShape: [number, number], transposeA: boolean, transposeB: boolean) {
  const a = tf.tensor2d(aValues, aShape);
  const b = tf.tensor2d(bValues, bShape);
  const before = { runs: sparseProductRuns(), buffers: dataIds(), tensors: tf.memory().numTensors };
  const result = tf.matMul(a, b, transposeA, transposeB);
  const values = Float32Array.from(result.dataSync() as Float32Array);
  const runs = sparseProductRuns() - before.runs;
  result.dispose();
  const leaked = dataIds() - before.buffers + (tf.memory().numTensors - before.tensors);
  tf.dispose([a, b]);
  return { values, runs, leaked };
}

describe("zero-skipping products on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    setAdaptiveThreads(false);
  });

  afterAll(() => {
    setAdaptiveThreads(true);
  });

  const multiplyAdd = () => productMultiplyAdd(tf.backend() as BackendWasm);

  it.each([
    // m, k, n, transposeA, transposeB: the left operand half zeros (ReLU activations, dropout)
    [96, 150, 100, false, false],
    [97, 230, 67, true, false], // dW = xᵀ·dy: A read transposed in place
    [128, 300, 256, false, true], // dx = dy·Wᵀ: B transposed, its rows padded
    [256, 256, 256, false, false], // large enough for the helper threads
  ] as const)('%i × %i × %i (transposeA %s, transposeB %s), A mostly zeros: compacts A and gives the in-order sums bit for bit', (m, k, n, transposeA, transposeB) => {
    const aValues = values(m * k, 0.6, m);
    const bValues = values(k * n, 0.05, n);
    const { values: actual, runs, leaked } = product(aValues, transposeA ? [k, m] : [m, k], bValues, transposeB ? [n, k] : [k, n], transposeA, transposeB);
    expect(runs).toBe(1);
    expect(leaked).toBe(0);
    const expected = inOrderProduct(aValues, transposeB ? transposed(bValues, n, k) : bValues, m, n, k, transposeA, multiplyAdd());
    expect(sameBits(actual, expected)).toBe(true);
  });

  it.each([
    [128, 784, 512, false],
    [200, 96, 70, true],
  ] as const)('dW = xᵀ·dy, x dense and dy mostly zeros (%i samples, %i × %i, transposeB %s): Cᵀ = dyᵀ·x compacting dy, C written transposed, the in-order sums', (k, m, n, transposeB) => {
    // op(A) = xᵀ: x stored [k, m] (samples × features) with no zeros; op(B) = dy [k, n].
    const xValues = values(k * m, 0, 1);
    const dyValues = values(k * n, 0.6, 2);
    const { values: actual, runs, leaked } = product(xValues, [k, m], dyValues, transposeB ? [n, k] : [k, n], true, transposeB);
    expect(runs).toBe(1);
    expect(leaked).toBe(0);
    expect(sameBits(actual, inOrderProduct(xValues, transposeB ? transposed(dyValues, n, k) : dyValues, m, n, k, true, multiplyAdd()))).toBe(true);
  });

  it('runs the dense product where neither operand has enough zeros, or the product is narrow or small', () => {
    for (const [m, k, n, zeros] of [
      [96, 150, 100, 0.3], // too few zeros
      [200, 300, 40, 0.9], // 40 columns
      [40, 40, 40, 0.9], // 64,000 multiply-adds
      [2100, 1000, 64, 0.9], // lists of 2.1 M entries
    ] as const) {
      const aValues = values(m * k, zeros, 3);
      const bValues = values(k * n, 0, 4);
      const { values: actual, runs } = product(aValues, [m, k], bValues, [k, n], false, false);
      expect(runs).toBe(0);
      expect(sameBits(actual, inOrderProduct(aValues, bValues, m, n, k, false, multiplyAdd()))).toBe(true);
    }
  });

  it('runs the dense product where a skipped term would meet an infinite or NaN value: 0·∞ is NaN', () => {
    const [m, k, n] = [96, 150, 100];
    const aValues = values(m * k, 0.7, 5);
    // Row 3 of A is zero where B is infinite (k = 10) and NaN (k = 20).
    aValues[3 * k + 10] = 0;
    aValues[3 * k + 20] = 0;
    for (const poison of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const bValues = values(k * n, 0, 6);
      bValues[(poison === Number.POSITIVE_INFINITY ? 10 : 20) * n + 7] = poison;
      const { values: actual, runs } = product(aValues, [m, k], bValues, [k, n], false, false);
      expect(runs).toBe(0);
      expect(Number.isNaN(actual[3 * n + 7])).toBe(true);
      expect(sameBits(actual, inOrderProduct(aValues, bValues, m, n, k, false, multiplyAdd()))).toBe(true);
    }
    // And the right side: x with an infinity, dy mostly zeros.
    const xValues = values(k * m, 0, 7);
    xValues[5] = Number.NEGATIVE_INFINITY;
    const dyValues = values(k * n, 0.7, 8);
    const { values: actual, runs } = product(xValues, [k, m], dyValues, [k, n], true, false);
    expect(runs).toBe(0);
    expect(sameBits(actual, inOrderProduct(xValues, dyValues, m, n, k, true, multiplyAdd()))).toBe(true);
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('shares a large zero-skipping product with the helper threads: the same bits as one thread', () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    const [m, k, n] = [200, 300, 256];
    const aValues = values(m * k, 0.6, 9);
    const bValues = values(k * n, 0, 10);
    let shared = 0;
    const original = helpers.runCalls.bind(helpers);
    helpers.runCalls = (...args) => {
      shared++;
      original(...args);
    };
    try {
      const { values: actual, runs } = product(aValues, [m, k], bValues, [k, n], false, false);
      expect([runs, shared]).toEqual([1, 1]);
      expect(sameBits(actual, inOrderProduct(aValues, bValues, m, n, k, false, multiplyAdd()))).toBe(true);
    } finally {
      helpers.runCalls = original;
    }
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('leaves nothing behind when a helper thread fails', () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    const a = tf.tensor2d(values(200 * 300, 0.6, 15), [200, 300]);
    const b = tf.tensor2d(values(300 * 256, 0, 16), [300, 256]);
    const original = helpers.runCalls.bind(helpers);
    helpers.runCalls = () => {
      throw new BackendError("a helper thread of the 'wasm' backend failed: test");
    };
    try {
      const before = { buffers: dataIds(), tensors: tf.memory().numTensors };
      expect(() => tf.matMul(a, b)).toThrow(/helper thread .* failed: test/);
      // The backend's own count: an output the kernel made and dropped is not the engine's to count.
      expect([dataIds(), tf.memory().numTensors]).toEqual([before.buffers, before.tensors]);
    } finally {
      helpers.runCalls = original;
    }
    // And the next product runs.
    const { values: actual, runs } = product(a.dataSync() as Float32Array, [200, 300], b.dataSync() as Float32Array, [300, 256], false, false);
    expect(runs).toBe(1);
    expect(sameBits(actual, inOrderProduct(a.dataSync() as Float32Array, b.dataSync() as Float32Array, 200, 256, 300, false, multiplyAdd()))).toBe(true);
    tf.dispose([a, b]);
  });

  it('gives the dense product’s bits in training: a ReLU + dropout MLP step with and without zero-skipping', () => {
    const train = () => {
      const x = tf.tensor2d(values(128 * 300, 0.5, 11), [128, 300]);
      const w1 = tf.variable(tf.mul(tf.tensor2d(values(300 * 256, 0, 12), [300, 256]), 0.05));
      const w2 = tf.variable(tf.mul(tf.tensor2d(values(256 * 128, 0, 13), [256, 128]), 0.05));
      const before = sparseProductRuns();
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.relu(tf.matMul(x, w1));
        const dropped = tf.mul(h, tf.cast(tf.greater(tf.randomUniform(h.shape, 0, 1, 'float32', 14), 0.2), 'float32'));
        return tf.sum(tf.square(tf.relu(tf.matMul(dropped, w2))));
      });
      const result = [value, grads[w1.name]!, grads[w2.name]!].map((t) => Float32Array.from(t.dataSync() as Float32Array));
      const runs = sparseProductRuns() - before;
      tf.dispose([x, w1, w2, value, ...Object.values(grads)]);
      return { result, runs };
    };
    const sparse = train();
    const dense = withoutHeapRunner('gemm-sparse', train);
    expect(sparse.runs).toBeGreaterThanOrEqual(3);
    expect(dense.runs).toBe(0);
    for (let i = 0; i < 3; i++) expect(sameBits(sparse.result[i]!, dense.result[i]!)).toBe(true);
  });
});
