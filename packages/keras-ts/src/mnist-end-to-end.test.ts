import * as tf from '@tensorflow/tfjs-core';
import { mnist } from '@keras-ts/datasets';
import { describe, expect, it } from 'vitest';
import { Sequential, layers, optimizers, setRandomSeed, toCategorical } from './index.js';

describe('keras-ts end to end', () => {
  it('trains an MLP on an MNIST subset (6,000 images) to ≥ 90 % accuracy on the full test set and leaks nothing', async () => {
    setRandomSeed(7);
    const [[xTrainAll, yTrainAll], [xTestAll, yTestAll]] = await mnist.loadData();
    const prepare = (x: tf.Tensor, count: number) => tf.tidy(() => tf.div(tf.cast(tf.reshape(tf.slice(x, 0, count), [count, 784]), 'float32'), 255));
    const xTrain = prepare(xTrainAll, 6000);
    const yTrain = tf.tidy(() => toCategorical(tf.slice(yTrainAll, 0, 6000), 10));
    const xTest = prepare(xTestAll, 10000);
    const yTest = toCategorical(yTestAll, 10);
    tf.dispose([xTrainAll, yTrainAll, xTestAll, yTestAll]);

    const model = new Sequential([
      new layers.Dense({ units: 64, activation: 'relu', inputShape: [784] }),
      new layers.Dropout({ rate: 0.1 }),
      new layers.Dense({ units: 10, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: new optimizers.RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 32, verbose: 0, validationSplit: 0.1 });
    expect(history.history.val_accuracy![4]!).toBeGreaterThan(0.88);
    const [, accuracy] = await model.evaluate(xTest, yTest, { verbose: 0 });
    expect(accuracy!).toBeGreaterThanOrEqual(0.9);
    // Optimizer slots and metric state now exist; a further fit and predict must free everything they create.
    // (A 1,000-sample tail with a last partial batch: the leak check needs every path, not every sample.)
    const xTail = tf.slice(xTrain, 0, 1000);
    const yTail = tf.slice(yTrain, 0, 1000);
    const settled = tf.memory().numTensors;
    await model.fit(xTail, yTail, { epochs: 1, batchSize: 128, verbose: 0 });
    const predictions = model.predict(xTail);
    tf.dispose(predictions);
    expect(tf.memory().numTensors).toBe(settled);
    tf.dispose([xTrain, yTrain, xTest, yTest, xTail, yTail]);
  }, 300_000); // ≈ 35–45 s of cpu-backend training on an idle 2-core machine; CI may be slower and busier.
});
