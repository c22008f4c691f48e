import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { BinaryCrossentropy, binaryCrossentropy } from './binary-crossentropy.js';

const eps = 1e-7;
const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

function reference(t: number[][], p: number[][], smoothing = 0, fromLogits = false): number[] {
  return t.map((row, i) => {
    const terms = row.map((label, j) => {
      const target = label * (1 - smoothing) + 0.5 * smoothing;
      const raw = (p[i] as number[])[j] as number;
      const probability = fromLogits ? 1 / (1 + Math.exp(-raw)) : Math.min(Math.max(raw, eps), 1 - eps);
      return -(target * Math.log(probability) + (1 - target) * Math.log(1 - probability));
    });
    return terms.reduce((a, b) => a + b, 0) / terms.length;
  });
}

describe('binaryCrossentropy', () => {
  it('matches the elementwise formula averaged over the last axis (Keras example: [0.916, 0.714])', () => {
    const result = take(binaryCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred)));
    expectAllClose(result, reference(yTrue, yPred));
    expectAllClose(result, [0.9163, 0.7136], 1e-3);
  });

  it('clips probabilities of exactly 0 and 1 into [1e-7, 1 - 1e-7] (in float32)', () => {
    const result = take(binaryCrossentropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 1]])));
    const low = Math.fround(eps);
    const high = Math.fround(1 - eps);
    expectAllClose(result, [(-Math.log(low) - Math.log(1 - high)) / 2], 1e-4);
  });

  it('supports fromLogits (stable for large logits) and labelSmoothing', () => {
    const z = [
      [2, -3],
      [40, -40],
    ];
    const t = [
      [1, 0],
      [0, 1],
    ];
    const result = take(binaryCrossentropy(tf.tensor2d(t), tf.tensor2d(z), { fromLogits: true }));
    expectAllClose(result, [reference(t, z, 0, true)[0] as number, 40]);
    expectAllClose(take(binaryCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred), { labelSmoothing: 0.2 })), reference(yTrue, yPred, 0.2));
  });

  it('accepts [batch] targets against [batch, 1] predictions', () => {
    expectAllClose(take(binaryCrossentropy(tf.tensor1d([1, 0]), tf.tensor2d([[0.8], [0.3]]))), [-Math.log(0.8), -Math.log(0.7)]);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d([
      [0, 1],
      [1, 0.3],
    ]);
    expectGradientMatchesNumeric((x) => weightedSum(binaryCrossentropy(t, x)), tf.tensor2d(yPred));
    expectGradientMatchesNumeric(
      (x) => weightedSum(binaryCrossentropy(t, x, { fromLogits: true, labelSmoothing: 0.1 })),
      tf.tensor2d([
        [1.5, -0.5],
        [0.2, 2],
      ]),
    );
    t.dispose();
  });

  it('rejects mismatched shapes', () => {
    expect(() => binaryCrossentropy(tf.tensor2d([[1, 0, 1]]), tf.tensor2d([[0.5, 0.5]]))).toThrow(
      /binaryCrossentropy: yTrue and yPred must have the same shape/,
    );
  });

  it('leaks no tensors; class config round-trips', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, reduction: 'sum' });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(new BinaryCrossentropy(loss.getConfig()).getConfig()).toEqual(loss.getConfig());
    expect(loss.getConfig()).toMatchObject({ name: 'binary_crossentropy', fromLogits: true, labelSmoothing: 0.1 });
  });
});
