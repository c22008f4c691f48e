import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingKernelError } from '../errors/errors.js';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';

describe('preflight', () => {
  beforeAll(() => {
    // A backend with every cpu kernel except Sigmoid.
    tf.registerBackend('nosigmoid', () => new MathBackendCPU());
    for (const config of tf.getKernelsForBackend('cpu')) {
      if (config.kernelName !== 'Sigmoid') tf.registerKernel({ ...config, backendName: 'nosigmoid' });
    }
  });
  afterAll(() => tf.setBackend('cpu'));

  it('fails fit before any step, naming the kernel and the layer, and leaves the weights alone', async () => {
    await tf.setBackend('nosigmoid');
    const model = new Sequential([new TestDense({ units: 3, inputShape: [2], activation: 'relu', name: 'hidden' }), new TestDense({ units: 1, activation: 'sigmoid', name: 'gate' })]);
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    const attempt = model.fit(x, y, { verbose: 0 });
    await expect(attempt).rejects.toThrow(MissingKernelError);
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow("Layer 'gate' (TestDense) needs the kernel 'Sigmoid', which backend 'nosigmoid' does not provide");
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(model.optimizer!.iterations).toBe(0);
    await tf.setBackend('cpu');
    const history = await model.fit(x, y, { verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    tf.dispose([x, y]);
  });
});
