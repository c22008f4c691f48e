import '@tensorflow/tfjs-backend-cpu';
import { Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { getDistribution as getCoreDistribution } from '@keras-ts/core/internal';
import { Dense } from '@keras-ts/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialize } from '../world/world.js';
import { DataParallel } from './data-parallel.js';
import { getDistribution, setDistribution } from './set-distribution.js';

async function train(): Promise<{ weights: number[][]; history: Record<string, number[]>; predictions: number[] }> {
  setRandomSeed(42);
  const x = tf.randomUniform([70, 6], -1, 1, 'float32', 1);
  const y = tf.oneHot(tf.argMax(tf.slice(x, [0, 0], [70, 3]), 1), 3);
  const model = new Sequential([new Dense({ units: 8, activation: 'relu', inputShape: [6] }), new Dense({ units: 3, activation: 'softmax' })]);
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { batchSize: 15, epochs: 3, verbose: 0, validationSplit: 0.2 });
  const predictions = model.predict(x) as tf.Tensor;
  const result = {
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
    history: history.history,
    predictions: Array.from(predictions.dataSync()),
  };
  tf.dispose([x, y, predictions]);
  model.dispose();
  return result;
}

describe('DataParallel in a world of one process', () => {
  beforeAll(async () => {
    await setBackend('cpu');
    await initialize();
  });

  it('trains exactly as without a distribution (a batch size of 15 is fine: it divides by 1)', async () => {
    const without = await train();
    const parallel = new DataParallel();
    setDistribution(parallel);
    try {
      expect(getDistribution()).toBe(parallel);
      // Core sees no distribution: a world of one runs the ordinary (and compiled) steps.
      expect(getCoreDistribution()).toBeUndefined();
      expect(await train()).toEqual(without);
    } finally {
      setDistribution(undefined);
    }
    expect(getDistribution()).toBeUndefined();
  });
});
