import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { CategoricalFocalCrossentropy, categoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';

const yTrue = [
  [0, 1, 0],
  [0, 0, 1],
];
const yPred = [
  [0.05, 0.9, 0.05],
  [0.1, 0.85, 0.05],
];

function reference(t: number[][], p: number[][], alpha: number | number[] = 0.25, gamma = 2): number[] {
  return t.map((row, i) => {
    const pRow = p[i] as number[];
    const total = pRow.reduce((a, b) => a + b, 0);
    return row.reduce((sum, target, j) => {
      const probability = Math.min(Math.max((pRow[j] as number) / total, 1e-7), 1 - 1e-7);
      const a = typeof alpha === 'number' ? alpha : (alpha[j] as number);
      return sum + a * (1 - probability) ** gamma * -target * Math.log(probability);
    }, 0);
  });
}

describe('categoricalFocalCrossentropy', () => {
  it('matches the focal formula (Keras example: [2.634e-4, 0.6759])', () => {
    const result = take(categoricalFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred)));
    expectAllClose(result, reference(yTrue, yPred));
    expectAllClose(result, [2.634e-4, 0.6759], 1e-3);
  });

  it('supports per-class alpha, gamma and logits', () => {
    expectAllClose(
      take(categoricalFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred), { alpha: [0.2, 0.3, 0.5], gamma: 1 })),
      reference(yTrue, yPred, [0.2, 0.3, 0.5], 1),
    );
    const z = [
      [1, 2, 0],
      [0.5, -1, 0.2],
    ];
    const softmax = z.map((row) => {
      const total = row.reduce((a, b) => a + Math.exp(b), 0);
      return row.map((v) => Math.exp(v) / total);
    });
    expectAllClose(take(categoricalFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(z), { fromLogits: true })), reference(yTrue, softmax));
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric(
      (x) => weightedSum(categoricalFocalCrossentropy(t, x)),
      tf.tensor2d([
        [0.2, 0.5, 0.3],
        [0.3, 0.3, 0.4],
      ]),
    );
    expectGradientMatchesNumeric(
      (x) => weightedSum(categoricalFocalCrossentropy(t, x, { fromLogits: true, labelSmoothing: 0.1 })),
      tf.tensor2d([
        [1, 2, 0],
        [0.5, -1, 0.2],
      ]),
    );
    t.dispose();
  });

  it('rejects an alpha list of the wrong length', () => {
    expect(() => categoricalFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred), { alpha: [0.5, 0.5] })).toThrow(
      /alpha must be a number or hold one weight per class \(3\), got 2 weights/,
    );
  });

  it('leaks no tensors; config round-trips', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new CategoricalFocalCrossentropy({ alpha: [0.1, 0.2, 0.7] });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(new CategoricalFocalCrossentropy(loss.getConfig()).getConfig()).toEqual(loss.getConfig());
  });
});
