import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';

function model(): Sequential {
  const m = new Sequential([new TestDense({ units: 3, inputShape: [2], activation: 'softmax' })]);
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

describe('classWeight', () => {
  it('weighs each sample by its class exactly like the equivalent sampleWeight', async () => {
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
      [0.5, 2],
    ]);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const classWeight = { 0: 1, 1: 5, 2: 0.5 };
    const viaClass = model();
    const viaSample = model();
    await viaClass.fit(x, labels, { classWeight, batchSize: 4, shuffle: false, verbose: 0 });
    const sampleWeight = tf.tensor1d([1, 5, 0.5, 5]);
    await viaSample.fit(x, labels, { sampleWeight, batchSize: 4, shuffle: false, verbose: 0 });
    const [a, b] = [viaClass.getWeights(), viaSample.getWeights()];
    a.forEach((w, i) => Array.from(w.dataSync()).forEach((v, j) => expect(v).toBeCloseTo(b[i]!.dataSync()[j]!, 6)));
    // Keras's weighted mean: Σ wᵢ·lossᵢ / n (sum_over_batch_size), checked by hand on the untrained model.
    const fresh = model();
    const p = fresh.predict(x) as tf.Tensor;
    const probabilities = p.arraySync() as number[][];
    const expected = [0, 1, 2, 1].reduce((sum, label, i) => sum + [1, 5, 0.5, 5][i]! * -Math.log(probabilities[i]![label]!), 0) / 4;
    const loss = (await fresh.evaluate(x, labels, { sampleWeight, verbose: 0 })) as number;
    expect(loss).toBeCloseTo(expected, 5);
    tf.dispose([x, labels, sampleWeight, p, ...a, ...b]);
  });

  it('rejects multi-output models and bad weights', async () => {
    const m = model();
    const x = tf.ones([2, 2]);
    const y = tf.tensor1d([0, 1], 'int32');
    await expect(m.fit(x, y, { classWeight: { 0: -1 }, verbose: 0 })).rejects.toThrow(/classWeight\[0\]` must be a non-negative number/);
    await expect(m.fit(x, y, { classWeight: {}, verbose: 0 })).rejects.toThrow(/classWeight` is empty/);
    tf.dispose([x, y]);
  });
});
