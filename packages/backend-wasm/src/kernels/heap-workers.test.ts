import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { setAdaptiveThreads } from '../index.js';
import { BackendError, InternalError } from '@keras-ts/common';
import { wasmBackendInfo } from '../backend/create-backend.js';
import { RMSprop } from '@keras-ts/optimizers';
import { KERAS_RMSPROP_UPDATE } from '@keras-ts/backend-kit';
import { heapModule, heapRunner, heapRunnerModuleOf } from './heap-module.js';
import { values as optimizerValues, withKernel } from './optimizer-update.test-utils.js';
import { heapWorkers, rowBands } from './heap-workers.js';
import { inOrderProduct, productMultiplyAdd, sameBits } from './product-reference.test-utils.js';

/** A heap module whose `run(address, value)` stores the 32-bit integer `value` at `address`; `trap` makes it trap first. */
const storeModule = (shared: boolean, trap = false) =>
  heapModule([{ parameters: [0x7f, 0x7f], body: [trap ? 10 : 9, 0, ...(trap ? [0x00] : []), 0x20, 0, 0x20, 1, 0x36, 2, 0, 0x0b] }], shared);

const values = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed) * 10 ** ((i % 5) - 2));

describe('rowBands', () => {
  it('splits rows into contiguous bands of whole 4-row blocks, as even as that allows', () => {
    for (const rows of [0, 1, 5, 8, 9, 30, 6400]) {
      for (const bands of [1, 2, 3, 8]) {
        const split = rowBands(rows, bands);
        expect(split.length).toBe(bands);
        expect(split.reduce((total, band) => total + band.count, 0)).toBe(rows);
        split.forEach((band, index) => {
          expect(band.first).toBe(index === 0 ? 0 : split[index - 1]!.first + split[index - 1]!.count);
          if (band.first + band.count < rows) expect(band.count % 4).toBe(0);
        });
        const blocks = split.map((band) => Math.ceil(band.count / 4));
        expect(Math.max(...blocks) - Math.min(...blocks)).toBeLessThanOrEqual(1);
      }
    }
    expect(rowBands(30, 2)).toEqual([
      { first: 0, count: 16 },
      { first: 16, count: 14 },
    ]);
  });
});

describe("heap products shared with helper threads on 'wasm' (Node, threaded build)", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    // The configured threads, whatever else keeps this machine's cores busy (adaptive-threads.test.ts covers that).
    setAdaptiveThreads(false);
  });

  afterAll(() => {
    setAdaptiveThreads(true);
  });

  it('starts one helper per extra thread of the pool', () => {
    const info = wasmBackendInfo()!;
    expect(info.heapProductThreads).toBe(info.binary === 'threaded-simd' && info.threads > 1 ? info.threads : 1);
    expect(heapWorkers()?.count ?? 0).toBe(info.heapProductThreads - 1);
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('computes large products in bands on the helpers, bit for bit the in-order float32 sums', () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    let shared = 0;
    const original = helpers.runGemm.bind(helpers);
    helpers.runGemm = (parts, local) => {
      shared++;
      original(parts, local);
    };
    try {
      for (const [m, n, k, transposeA] of [
        // At most ≈ 200 rows: taller products go to XNNPACK's threads (matmul-plan.ts's helper share).
        [131, 300, 220, false],
        [130, 301, 230, true],
      ] as const) {
        const aValues = values(m * k, 1);
        const bValues = values(k * n, 2);
        const a = tf.tensor2d(aValues, transposeA ? [k, m] : [m, k]);
        const b = tf.tensor2d(bValues, [k, n]);
        const before = { shared, tensors: tf.memory().numTensors };
        const product = tf.matMul(a, b, transposeA, false);
        expect(shared).toBe(before.shared + 1);
        const actual = product.dataSync() as Float32Array;
        const expected = inOrderProduct(aValues, bValues, m, n, k, transposeA, productMultiplyAdd(tf.backend() as BackendWasm));
        expect(sameBits(actual, expected)).toBe(true);
        product.dispose();
        expect(tf.memory().numTensors).toBe(before.tensors);
        tf.dispose([a, b]);
      }
    } finally {
      helpers.runGemm = original;
    }
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('leaves no buffer behind when a helper fails a product, and the next product runs', () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    const backend = tf.backend() as BackendWasm;
    const [m, n, k] = [131, 300, 220];
    const aValues = values(m * k, 1);
    const bValues = values(k * n, 2);
    const a = tf.tensor2d(aValues, [m, k]);
    const b = tf.tensor2d(bValues, [k, n]);
    const original = helpers.runGemm.bind(helpers);
    helpers.runGemm = () => {
      throw new BackendError("a helper thread of the 'wasm' backend failed: test");
    };
    try {
      const before = [backend.numDataIds(), tf.memory().numTensors];
      expect(() => tf.matMul(a, b)).toThrow(/failed: test/);
      expect([backend.numDataIds(), tf.memory().numTensors]).toEqual(before);
    } finally {
      helpers.runGemm = original;
    }
    const product = tf.matMul(a, b);
    expect(sameBits(product.dataSync() as Float32Array, inOrderProduct(aValues, bValues, m, n, k, false, productMultiplyAdd(backend)))).toBe(true);
    tf.dispose([a, b, product]);
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')('runs the calls of any heap module on the helpers, each argument moved by its step per call', () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    const backend = tf.backend() as BackendWasm;
    const run = heapRunner<(address: number, value: number) => void>(backend, 'test-store', storeModule)!;
    const trapping = heapRunner<(address: number, value: number) => void>(backend, 'test-store-trap', (shared) => storeModule(shared, true))!;
    const target = tf.zeros([24], 'int32');
    const at = (backend.typedArrayFromHeap(target) as Int32Array).byteOffset;
    const before = tf.memory().numTensors;
    // The helper makes calls 0–4 with (at + 16·4 + 4c, 100 − 3c); the calling thread stores 7 at index 0.
    helpers.runCalls(heapRunnerModuleOf(run)!, [{ args: [at + 64, 100], steps: [4, -3], calls: 5 }], () => run(at, 7), 5);
    // Again with no call (nothing stored) and with one; the module was sent once and stays.
    helpers.runCalls(heapRunnerModuleOf(run)!, [{ args: [at + 4, 1], steps: [0, 0], calls: 0 }], () => {}, 0);
    helpers.runCalls(heapRunnerModuleOf(run)!, [{ args: [at + 8, 2], steps: [4, 1], calls: 1 }], () => {}, 1);
    expect(Array.from(target.dataSync() as Int32Array)).toEqual([7, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 97, 94, 91, 88, 0, 0, 0]);
    // A module that traps on the helper: a BackendError with the trap's text; the helper keeps serving.
    expect(() => helpers.runCalls(heapRunnerModuleOf(trapping)!, [{ args: [at, 1], steps: [0, 0], calls: 1 }], () => {}, 1)).toThrow(
      /helper thread of the 'wasm' backend failed: .*unreachable/i,
    );
    helpers.runCalls(heapRunnerModuleOf(run)!, [{ args: [at + 92, 5], steps: [0, 0], calls: 1 }], () => {}, 1);
    expect((target.dataSync() as Int32Array)[23]).toBe(5);
    expect(() => helpers.runCalls(heapRunnerModuleOf(run)!, [{ args: new Array<number>(25).fill(0), steps: [], calls: 1 }], () => {}, 1)).toThrow(
      InternalError,
    );
    expect(tf.memory().numTensors).toBe(before);
    target.dispose();
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')("shares a large optimizer update's elements with the helpers, the unfused chain's bits", () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    // 2^17 + 22 elements: past the banding threshold, bands not a whole number of 64-byte lines, a scalar tail of 2.
    const n = 2 ** 17 + 22;
    const flat = [n];
    const start = optimizerValues(1, n, 1);
    const gradients = [optimizerValues(2, n, 0.3), optimizerValues(3, n, 2)];
    const train = () => {
      const initial = tf.tensor(start, flat);
      const variable = tf.variable(initial);
      initial.dispose();
      const optimizer = new RMSprop({ learningRate: 0.01 });
      for (const g of gradients) tf.tidy(() => optimizer.applyGradients([[tf.tensor(g, flat), variable]]));
      const result = Float32Array.from(variable.dataSync() as Float32Array);
      variable.dispose();
      optimizer.dispose();
      return result;
    };
    const runCalls = helpers.runCalls.bind(helpers);
    let shared = 0;
    helpers.runCalls = (module, parts, local, work) => {
      shared++;
      runCalls(module, parts, local, work);
    };
    try {
      const before = tf.memory().numTensors;
      const fused = withKernel(KERAS_RMSPROP_UPDATE, true, train);
      expect(fused.calls).toBe(gradients.length);
      expect(shared).toBe(gradients.length);
      const unfused = withKernel(KERAS_RMSPROP_UPDATE, false, train);
      expect(sameBits(fused.result, unfused.result)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      helpers.runCalls = runCalls;
    }
  });

  it.skipIf(typeof SharedArrayBuffer === 'undefined')("reports a helper's trap as a BackendError and keeps working", () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return;
    // A band far outside the heap: the helper's loads trap.
    const outside = 0x7ff0_0000;
    let ranLocal = false;
    expect(() =>
      helpers.runGemm([[outside, outside, outside, 8, 8, 8, 32, 4, 32, 32]], () => {
        ranLocal = true;
      }),
    ).toThrow(BackendError);
    expect(ranLocal).toBe(true);
    expect(() => helpers.runGemm([[outside, outside, outside, 8, 8, 8, 32, 4, 32, 32]], () => {})).toThrow(/failed: .*(out of bounds|memory)/i);
    const a = tf.tensor2d(values(150 * 200, 3), [150, 200]);
    const b = tf.tensor2d(values(200 * 300, 4), [200, 300]);
    const product = tf.matMul(a, b);
    const expected = inOrderProduct(values(150 * 200, 3), values(200 * 300, 4), 150, 300, 200, false, productMultiplyAdd(tf.backend() as BackendWasm));
    expect(sameBits(product.dataSync() as Float32Array, expected)).toBe(true);
    tf.dispose([a, b, product]);
  });
});
