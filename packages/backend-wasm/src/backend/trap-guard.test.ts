import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { stockKernel } from './stock-kernels.js';
import { guardKernel, wasmCrash } from './trap-guard.js';

// This file crashes its process's wasm instance on purpose (vitest runs each file in its own
// process), with the stock MaxPool kernel on an empty window: the trap the guarded MaxPool now
// avoids. Before the guard, the next call into the instance (an AvgPool) blocked forever.
describe("a trap in a 'wasm' kernel", () => {
  it('becomes a BackendError, and every later call fails at once instead of hanging', { timeout: 20_000 }, async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.ones([1, 2, 1, 4]);
    // A model and its data made before the crash: fit must then fail, not wait.
    const model = new Sequential([new Dense({ units: 2, inputShape: [3], name: 'dense' })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const [features, targets] = [tf.ones([4, 3]), tf.ones([4, 2])];
    const crashing = guardKernel(stockKernel(tf.MaxPool));
    const args = { inputs: { x }, backend, attrs: { filterSize: [5, 1], strides: [5, 1], pad: 'valid' } } as unknown as Parameters<tf.KernelFunc>[0];
    let error: unknown;
    try {
      crashing.kernelFunc(args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/^The 'wasm' backend crashed in kernel 'MaxPool' \(x: float32\[1, 2, 1, 4\]\): memory access out of bounds\./);
    expect(wasmCrash()?.kernelName).toBe('MaxPool');

    const started = performance.now();
    expect(() => tf.avgPool(x as tf.Tensor4D, [1, 1], 1, 'valid')).toThrow(BackendError);
    expect(() => tf.avgPool(x as tf.Tensor4D, [1, 1], 1, 'valid')).toThrow(
      "The 'wasm' backend cannot run kernel 'AvgPool': its WebAssembly instance crashed earlier in this process, in kernel 'MaxPool' (x: float32[1, 2, 1, 4]): memory access out of bounds.",
    );
    expect(() => tf.tensor([1, 2, 3])).toThrow(/cannot create a tensor/);
    const fitError = await model.fit(features, targets, { verbose: 0 }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(fitError).toBeInstanceOf(BackendError);
    expect(fitError?.message).toMatch(
      /^Layer 'dense' \(Dense\) failed its preflight run on backend 'wasm' \(zero input float32\[1, 3\], forward and backward\): The 'wasm' backend cannot (run kernel '[A-Za-z_]+'|create a tensor): its WebAssembly instance crashed earlier in this process, in kernel 'MaxPool'/,
    );
    // Data finished before the crash stays readable; disposing it does not enter the instance.
    expect(Array.from(await x.data())).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    x.dispose();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
