import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { KERAS_RMSPROP_UPDATE, totalFallbacks } from '@keras-ts/backend-kit';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from './seeded.test-utils.js';

// keras-ts training with RMSprop dispatches the fused update on 'native'; the weights it
// reaches must equal those the unfused op chain reaches on the cpu backend.

/** Trains a 12-16-3 MLP for `steps` trainOnBatch calls on `backend`; returns the final weights. */
async function train(backend: string, steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = new Sequential([new Dense({ units: 16, activation: 'relu', inputShape: [12] }), new Dense({ units: 3, activation: 'softmax' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const shapes = [[12, 16], [16], [16, 3], [3]];
  const initial = shapes.map((shape, i) =>
    tf.tensor(
      seeded(
        shape.reduce((a, b) => a * b, 1),
        50 + i,
        0.5,
      ),
      shape,
    ),
  );
  model.setWeights(initial);
  tf.dispose(initial);
  const labels = new Float32Array(32 * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
  const x = tf.tensor2d(seeded(32 * 12, 60), [32, 12]);
  const y = tf.tensor2d(labels, [32, 3]);
  // The first step creates the optimizer slots and metric state; later steps must add nothing.
  await model.trainOnBatch(x, y);
  const before = tf.memory().numTensors;
  for (let step = 1; step < steps; step++) await model.trainOnBatch(x, y);
  expect(tf.memory().numTensors).toBe(before);
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

describe.skipIf(!nativeStatus.available)(`keras-ts RMSprop on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`, () => {
  it('runs the fused update for every variable and reaches the weights the cpu backend reaches', async () => {
    const config = tf.getKernel(KERAS_RMSPROP_UPDATE, 'native');
    if (config === undefined) throw new Error(`${KERAS_RMSPROP_UPDATE} is not registered on 'native'`);
    let calls = 0;
    tf.unregisterKernel(KERAS_RMSPROP_UPDATE, 'native');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        calls++;
        return config.kernelFunc(args);
      },
    });
    try {
      const fallbacksBefore = totalFallbacks('native');
      const native = await train('native', 4);
      expect(calls).toBe(4 * 4);
      expect(totalFallbacks('native')).toBe(fallbacksBefore);
      const cpu = await train('cpu', 4);
      native.forEach((values, w) => {
        const reference = cpu[w]!;
        expect(values.length).toBe(reference.length);
        values.forEach((value, i) => expect(Math.abs(value - reference[i]!), `weight ${w}[${i}]`).toBeLessThan(1e-5));
      });
    } finally {
      tf.unregisterKernel(KERAS_RMSPROP_UPDATE, 'native');
      tf.registerKernel(config);
      await tf.setBackend('cpu');
    }
  });
});
