import * as tf from '@tensorflow/tfjs-core';
import { KERAS_ADAM_UPDATE, KERAS_SGD_MOMENTUM_UPDATE, totalFallbacks } from '@keras-ts/backend-kit';
import { LearningRateScheduler, Sequential } from '@keras-ts/core';
import { Dense, Flatten } from '@keras-ts/layers';
import { Adam, type Optimizer, SGD } from '@keras-ts/optimizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from './seeded.test-utils.js';

// keras-ts training with Adam or SGD with momentum runs the fused updates on 'native'. Eager and
// compiled steps, with the learning rate changing between steps and by a callback, must reach the
// weights the unfused op chain reaches (seed 001's Fashion model: Flatten-Dense4-Dense4-Dense10, batch 32).

function fashionModel(optimizer: Optimizer, jitCompile: boolean): Sequential {
  const model = new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], jitCompile });
  const initial = model.getWeights().map((weight, i) => tf.tensor(seeded(weight.size, 70 + i, 0.3), weight.shape));
  model.setWeights(initial);
  tf.dispose(initial);
  return model;
}

interface Run {
  weights: Float32Array[];
  replayedUpdates: number;
}

/** 50 trainOnBatch steps, the rate changed every 10 steps; then 5 fit epochs of 10 batches under a scheduler. */
async function train(optimizer: Optimizer, kernelName: string, jitCompile: boolean): Promise<Run> {
  const model = fashionModel(optimizer, jitCompile);
  const x = tf.tensor3d(seeded(320 * 784, 80), [320, 28, 28]);
  const y = tf.tensor1d(
    Array.from({ length: 320 }, (_, i) => (i * 7) % 10),
    'int32',
  );
  const [xb, yb] = [tf.slice(x, 0, 32), tf.slice(y, 0, 32)];
  for (let step = 0; step < 50; step++) {
    if (step % 10 === 0) model.optimizer!.learningRate = 0.001 * (1 + step / 10);
    await model.trainOnBatch(xb, yb);
  }
  const replayedUpdates = model.compiledStepPlans()[0]?.stats.replayedByName[kernelName] ?? 0;
  const scheduler = new LearningRateScheduler((epoch) => 0.01 / (1 + epoch));
  await model.fit(x, y, { epochs: 5, batchSize: 32, shuffle: false, verbose: 0, callbacks: [scheduler] });
  const weights = model.getWeights().map((weight) => weight.dataSync().slice() as Float32Array);
  tf.dispose([x, y, xb, yb]);
  model.dispose();
  optimizer.dispose();
  return { weights, replayedUpdates };
}

describe.skipIf(!nativeStatus.available)(
  `keras-ts fused optimizer updates on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`,
  () => {
    beforeAll(async () => {
      await tf.setBackend('native');
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    const cases = [
      { name: 'Adam', kernelName: KERAS_ADAM_UPDATE, optimizer: () => new Adam() },
      { name: 'SGD with momentum', kernelName: KERAS_SGD_MOMENTUM_UPDATE, optimizer: () => new SGD({ momentum: 0.9 }) },
      { name: 'SGD with Nesterov momentum', kernelName: KERAS_SGD_MOMENTUM_UPDATE, optimizer: () => new SGD({ momentum: 0.5, nesterov: true }) },
    ];
    it.each(cases)('$name runs $kernelName eagerly and compiled, reaching the unfused weights under a changing rate', async ({ kernelName, optimizer }) => {
      const config = tf.getKernel(kernelName, 'native');
      if (config === undefined) throw new Error(`${kernelName} is not registered on 'native'`);
      let calls = 0;
      const counting: tf.KernelConfig = {
        ...config,
        kernelFunc: (args) => {
          calls++;
          return config.kernelFunc(args);
        },
      };
      let unfused: Run;
      tf.unregisterKernel(kernelName, 'native');
      try {
        unfused = await train(optimizer(), kernelName, false);
        tf.registerKernel(counting);
        const fallbacksBefore = totalFallbacks('native');
        const eager = await train(optimizer(), kernelName, false);
        // Six variables, 50 + 50 steps.
        expect(calls).toBe(6 * 100);
        const compiled = await train(optimizer(), kernelName, true);
        expect(compiled.replayedUpdates).toBe(6);
        expect(totalFallbacks('native')).toBe(fallbacksBefore);
        for (const run of [eager, compiled]) {
          run.weights.forEach((values, w) => {
            const reference = unfused.weights[w]!;
            expect(values.length).toBe(reference.length);
            values.forEach((value, i) => expect(Math.abs(value - reference[i]!), `weight ${w}[${i}]`).toBeLessThanOrEqual(1e-6));
          });
        }
      } finally {
        tf.unregisterKernel(kernelName, 'native');
        tf.registerKernel(config);
      }
    });
  },
);
