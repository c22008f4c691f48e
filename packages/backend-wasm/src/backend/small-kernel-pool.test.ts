import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { setAdaptiveThreads } from '../index.js';
import { wasmBackendInfo } from './create-backend.js';
import { isSmallKernel, onPoolFor, threadpoolAddress } from './small-kernel-pool.js';
import { batchMatMulWithPlan } from '../kernels/BatchMatMul.js';
import { guardKernel } from './trap-guard.js';

const require = createRequire(import.meta.url);
const binaryFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const info = (shape: number[]): tf.TensorInfo => ({ dataId: {}, shape, dtype: 'float32' });

describe('small kernels on one thread', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    // The configured threads, whatever else keeps this machine's cores busy (adaptive-threads.test.ts covers that).
    setAdaptiveThreads(false);
  });

  afterAll(() => {
    setAdaptiveThreads(true);
  });

  it("finds the pool pointer in tfjs-backend-wasm's binaries, and nothing in other bytes", () => {
    for (const file of ['tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-simd.wasm']) {
      const address = threadpoolAddress(readFileSync(join(binaryFolder, file)));
      expect(address).toBeGreaterThan(0);
      expect(address! % 4).toBe(0);
    }
    expect(threadpoolAddress(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBeUndefined();
    expect(threadpoolAddress(Uint8Array.from([1, 2, 3]))).toBeUndefined();
  });

  it('sizes products by multiply-adds, whatever the transposes, and other kernels by input elements', () => {
    // Seed 001's first layer (32·784·4) is small; seed 004's (128·784·512) is not.
    expect(isSmallKernel('BatchMatMul', { a: info([32, 784]), b: info([784, 4]) })).toBe(true);
    expect(isSmallKernel('_FusedMatMul', { a: info([128, 784]), b: info([784, 512]) })).toBe(false);
    // Its weight gradient xᵀ·dy: a is [128, 784] transposed, so 784·128·512 multiply-adds.
    expect(isSmallKernel('BatchMatMul', { a: info([128, 784]), b: info([128, 512]) }, { transposeA: true })).toBe(false);
    expect(isSmallKernel('BatchMatMul', { a: info([128, 784]), b: info([128, 4]) }, { transposeA: true })).toBe(true);
    // A batch of products counts every one.
    expect(isSmallKernel('BatchMatMul', { a: info([128, 32, 32]), b: info([128, 32, 32]) })).toBe(false);
    // A fused Dense layer by its product: the 512-unit MLP's output layer (128·512·10) is small
    // though its inputs hold more than 2^16 elements; its hidden layers are not.
    expect(isSmallKernel('KerasDense', { x: info([128, 512]), kernel: info([512, 10]), bias: info([10]) })).toBe(true);
    expect(isSmallKernel('KerasDense', { x: info([128, 784]), kernel: info([784, 512]), bias: info([512]) })).toBe(false);
    expect(isSmallKernel('Tanh', { x: info([64, 50]) })).toBe(true);
    expect(isSmallKernel('Add', { a: info([128, 512]), b: info([512]) })).toBe(false);
    expect(isSmallKernel('Conv2D', { x: info([32, 28, 28, 1]), filter: info([3, 3, 1, 32]) })).toBe(false);
  });

  it("runs a small kernel with a one-thread pool and a large one with the backend's, then puts the backend's back", () => {
    const backend = tf.backend() as BackendWasm;
    const threads = backend.wasm.tfjs.getThreadsCount();
    if (threads < 2) {
      // Threads are off here (one hardware thread, or KERAS_TS_WASM_THREADS=1): nothing to switch.
      expect(wasmBackendInfo()?.smallKernelsOnOneThread).toBe(false);
      return;
    }
    expect(wasmBackendInfo()?.smallKernelsOnOneThread).toBe(true);
    // Through the trap guard, the way every registered 'wasm' kernel runs.
    let seen = 0;
    const probe = guardKernel({
      kernelName: 'KerasTsPoolProbe',
      backendName: 'wasm',
      kernelFunc: ({ inputs }) => {
        seen = backend.wasm.tfjs.getThreadsCount();
        return backend.makeOutput(inputs.x!.shape, 'float32');
      },
    });
    tf.registerKernel(probe);
    try {
      const before = tf.memory().numTensors;
      for (const [shape, expected] of [
        [[16, 16], 1],
        [[512, 512], threads],
      ] as const) {
        const x = tf.zeros([...shape]);
        const output = tf.engine().runKernel('KerasTsPoolProbe', { x }, {}) as tf.Tensor;
        expect(seen).toBe(expected);
        expect(backend.wasm.tfjs.getThreadsCount()).toBe(threads);
        tf.dispose([x, output]);
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.unregisterKernel('KerasTsPoolProbe', 'wasm');
    }
    // Nested: the outer choice comes back after an inner one, also when the inner throws.
    onPoolFor('Tanh', { x: info([4]) }, undefined, () => {
      expect(() =>
        onPoolFor('Add', { a: info([1024, 1024]) }, undefined, () => {
          expect(backend.wasm.tfjs.getThreadsCount()).toBe(threads);
          throw new Error('inner failure');
        }),
      ).toThrow('inner failure');
      expect(backend.wasm.tfjs.getThreadsCount()).toBe(1);
    });
    expect(backend.wasm.tfjs.getThreadsCount()).toBe(threads);
  });

  it('gives the same XNNPACK products on both pools', () => {
    const backend = tf.backend() as BackendWasm;
    const a = tf.randomUniform([96, 300], -1, 1, 'float32', 3);
    const b = tf.randomUniform([300, 160], -1, 1, 'float32', 4);
    // 96·300·160 ≈ 4.6M multiply-adds runs threaded; the same product in row blocks of 8 runs on one thread.
    expect(isSmallKernel('BatchMatMul', { a: info([96, 300]), b: info([300, 160]) })).toBe(false);
    expect(isSmallKernel('BatchMatMul', { a: info([8, 300]), b: info([300, 160]) })).toBe(true);
    // The stock (XNNPACK) product, on the pool its size calls for, as the trap guard runs kernels.
    const xnnpack = (left: tf.Tensor, right: tf.Tensor) =>
      tf
        .engine()
        .makeTensorFromTensorInfo(
          onPoolFor('BatchMatMul', { a: left, b: right }, {}, () => batchMatMulWithPlan(backend, left, right, false, false, 'untransposed')),
        );
    const whole = xnnpack(a, b);
    const rows = tf.split(a, 12);
    const parts = rows.map((part) => xnnpack(part, b));
    const pieces = tf.concat(parts);
    expect(Array.from(pieces.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([a, b, whole, pieces, ...rows, ...parts]);
  });
});
