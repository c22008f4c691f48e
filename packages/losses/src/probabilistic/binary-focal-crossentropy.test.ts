import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { BinaryFocalCrossentropy, binaryFocalCrossentropy } from './binary-focal-crossentropy.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

interface Options {
  gamma?: number;
  alpha?: number;
  balance?: boolean;
  smoothing?: number;
  fromLogits?: boolean;
}

function reference(t: number[][], p: number[][], options: Options = {}): number[] {
  const { gamma = 2, alpha = 0.25, balance = false, smoothing = 0, fromLogits = false } = options;
  return t.map((row, i) =>
    row
      .map((label, j) => {
        const target = label * (1 - smoothing) + 0.5 * smoothing;
        const raw = (p[i] as number[])[j] as number;
        const probability = fromLogits ? 1 / (1 + Math.exp(-raw)) : raw;
        const bce = -(target * Math.log(probability) + (1 - target) * Math.log(1 - probability));
        const pT = target * probability + (1 - target) * (1 - probability);
        const weight = balance ? target * alpha + (1 - target) * (1 - alpha) : 1;
        return (weight * (1 - pT) ** gamma * bce) / row.length;
      })
      .reduce((a, b) => a + b, 0),
  );
}

describe('binaryFocalCrossentropy', () => {
  it('matches the focal formula (Keras example: [0.330, 0.206])', () => {
    const result = take(binaryFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred)));
    expectAllClose(result, reference(yTrue, yPred));
    expectAllClose(result, [0.33, 0.206], 3e-3);
  });

  it('supports class balancing, gamma, labelSmoothing and logits', () => {
    const options = { applyClassBalancing: true, alpha: 0.3, gamma: 1.5, labelSmoothing: 0.1 };
    expectAllClose(
      take(binaryFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred), options)),
      reference(yTrue, yPred, { balance: true, alpha: 0.3, gamma: 1.5, smoothing: 0.1 }),
    );
    const z = [
      [1, -2],
      [0.5, 3],
    ];
    expectAllClose(take(binaryFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(z), { fromLogits: true })), reference(yTrue, z, { fromLogits: true }));
  });

  it('reduces to binary crossentropy with gamma 0', () => {
    const result = take(binaryFocalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(yPred), { gamma: 0 }));
    expectAllClose(result, [(-Math.log(0.4) - Math.log(0.4)) / 2, (-Math.log(0.6) - Math.log(0.4)) / 2]);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric((x) => weightedSum(binaryFocalCrossentropy(t, x)), tf.tensor2d(yPred));
    expectGradientMatchesNumeric(
      (x) => weightedSum(binaryFocalCrossentropy(t, x, { fromLogits: true, applyClassBalancing: true })),
      tf.tensor2d([
        [1, -2],
        [0.5, 3],
      ]),
    );
    t.dispose();
  });

  it('leaks no tensors; config round-trips', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new BinaryFocalCrossentropy({ gamma: 3, applyClassBalancing: true });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(new BinaryFocalCrossentropy(loss.getConfig()).getConfig()).toEqual(loss.getConfig());
    expect(loss.getConfig()).toMatchObject({ name: 'binary_focal_crossentropy', gamma: 3, alpha: 0.25 });
  });
});
