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

  // Two batches of two samples, yielded as [x, y] or, with `weights`, as [x, y, sampleWeight];
  // re-iterable, so each epoch starts over.
  function source(weights?: number[]): AsyncIterable<[tf.Tensor, tf.Tensor] | [tf.Tensor, tf.Tensor, tf.Tensor]> {
    return { [Symbol.asyncIterator]: () => batches(weights) };
  }

  async function* batches(weights?: number[]): AsyncGenerator<[tf.Tensor, tf.Tensor] | [tf.Tensor, tf.Tensor, tf.Tensor]> {
    const rows = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0.5, 2],
    ];
    const labels = [0, 1, 2, 1];
    for (const start of [0, 2]) {
      const x = tf.tensor2d(rows.slice(start, start + 2));
      const y = tf.tensor1d(labels.slice(start, start + 2), 'int32');
      yield weights === undefined ? [x, y] : [x, y, tf.tensor1d(weights.slice(start, start + 2))];
    }
  }

  it('weighs the batches of a batch source by class, as each batch with its class weights as sampleWeight', async () => {
    const viaClass = model();
    const viaSample = model();
    viaSample.setWeights(viaClass.getWeights());
    await viaClass.fit(source(), { classWeight: { 0: 1, 1: 5, 2: 0.5 }, epochs: 2, verbose: 0 });
    // Labels 0, 1 | 2, 1 with class weights 1, 5, 0.5, written out per sample.
    await viaSample.fit(source([1, 5, 0.5, 5]), { epochs: 2, verbose: 0 });
    const [a, b] = [viaClass.getWeights(), viaSample.getWeights()];
    a.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
    tf.dispose([...a, ...b]);
  });

  it('refuses classWeight with a batch source that yields sampleWeight, before any step, leaving the model and no tensor behind', async () => {
    const m = model();
    const values = () => m.weights.map((w) => Array.from(w.variable.dataSync()));
    const before = values();
    const tensors = tf.memory().numTensors;
    const attempt = m.fit(source([1, 1, 1, 1]), { classWeight: { 0: 1, 1: 2 }, epochs: 1, verbose: 0 });
    await expect(attempt).rejects.toMatchObject({ name: 'ValueError' });
    await expect(attempt).rejects.toThrow(
      'You cannot `classWeight` and `sampleWeight` at the same time: batch 0 of the batch source `x` is [x, y, sampleWeight].',
    );
    expect(values()).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
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
