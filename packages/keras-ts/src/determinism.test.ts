import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Sequential, layers, setRandomSeed } from './index.js';

async function train(seed: number): Promise<Float32Array[]> {
  setRandomSeed(seed);
  const model = new Sequential([
    new layers.Dense({ units: 16, activation: 'relu', inputShape: [6] }),
    new layers.Dropout({ rate: 0.3 }),
    new layers.Dense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tidy(() => tf.reshape(tf.sin(tf.range(0, 64 * 6)), [64, 6]));
  const y = tf.tensor1d(
    Array.from({ length: 64 }, (_, i) => i % 3),
    'int32',
  );
  await model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: true, verbose: 0 });
  const weights = model.getWeights().map((w) => {
    const values = Float32Array.from(w.dataSync() as Float32Array);
    w.dispose();
    return values;
  });
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

describe('setRandomSeed', () => {
  it('makes initial weights, dropout masks and shuffling repeat bit for bit; another seed differs', async () => {
    const first = await train(42);
    const second = await train(42);
    expect(second).toHaveLength(first.length);
    first.forEach((values, i) => expect(Buffer.from(second[i]!.buffer).equals(Buffer.from(values.buffer))).toBe(true));
    const other = await train(43);
    expect(other.some((values, i) => !Buffer.from(values.buffer).equals(Buffer.from(first[i]!.buffer)))).toBe(true);
  });
});
