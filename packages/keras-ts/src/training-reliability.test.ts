import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ModelBusyError, Sequential, ShapeError, ValueError, layers, setRandomSeed } from './index.js';

function weightValues(model: Sequential): number[][] {
  return model.getWeights().map((w) => {
    const values = Array.from(w.dataSync());
    w.dispose();
    return values;
  });
}

describe('training with real layers refuses bad calls before the first step', () => {
  it('a stateful LSTM with batch 4 refuses 18 samples (Keras: divisible by the batch size), then trains on 16', async () => {
    setRandomSeed(1);
    const model = new Sequential([
      new layers.LSTM({ units: 4, stateful: true, batchInputShape: [4, 5, 3] }),
      new layers.Dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = tf.tidy(() => tf.reshape(tf.sin(tf.range(0, 18 * 5 * 3)), [18, 5, 3]));
    const y = tf.tensor1d(
      Array.from({ length: 18 }, (_, i) => i % 2),
      'int32',
    );
    const weights = weightValues(model);
    const before = tf.memory().numTensors;
    const error = await model.fit(x, y, { batchSize: 4, shuffle: false, verbose: 0, validationData: [x, y] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValueError);
    expect((error as Error).message).toMatch(/can be divided by the batch size\. Found: 18 samples in `x` with batch size 4 \(stateful layer\(s\): 'lstm'\)/);
    expect(tf.memory().numTensors).toBe(before);
    expect(weightValues(model)).toEqual(weights);
    const [x16, y16] = [tf.slice(x, 0, 16), tf.slice(y, 0, 16)];
    const history = await model.fit(x16, y16, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    tf.dispose([x, y, x16, y16]);
    model.dispose();
  });

  it('one-hot targets with sparse crossentropy are refused by name and leak nothing; a concurrent fit is refused', async () => {
    setRandomSeed(2);
    const model = new Sequential([new layers.Dense({ units: 8, activation: 'relu', inputShape: [4] }), new layers.Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy' });
    const x = tf.ones([6, 4]);
    const ids = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const oneHot = tf.oneHot(ids, 3);
    await model.fit(x, ids, { verbose: 0 });
    const before = tf.memory().numTensors;
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(model.fit(x, oneHot, { verbose: 0 })).rejects.toThrow(ShapeError);
    }
    expect(tf.memory().numTensors).toBe(before);
    const running = model.fit(x, ids, { epochs: 2, batchSize: 2, verbose: 0 });
    await expect(model.fit(x, ids, { verbose: 0 })).rejects.toThrow(ModelBusyError);
    await running;
    tf.dispose([x, ids, oneHot]);
    model.dispose();
  });
});
