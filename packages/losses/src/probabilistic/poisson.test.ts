import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { Poisson, poisson } from './poisson.js';

const yTrue = [
  [1, 0, 3],
  [2, 2, 0],
];
const yPred = [
  [0.5, 1, 2],
  [1.5, 3, 0.2],
];

describe('poisson', () => {
  it('matches mean(p - t log(p + 1e-7))', () => {
    const expected = yTrue.map((row, i) =>
      row.reduce((sum, t, j) => {
        const p = (yPred[i] as number[])[j] as number;
        return sum + (p - t * Math.log(p + 1e-7)) / row.length;
      }, 0),
    );
    expectAllClose(take(poisson(tf.tensor2d(yTrue), tf.tensor2d(yPred))), expected);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric((x) => weightedSum(poisson(t, x)), tf.tensor2d(yPred));
    t.dispose();
  });

  it('leaks no tensors; has Keras name', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new Poisson({ reduction: 'sum' });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(loss.getConfig()).toEqual({ name: 'poisson', reduction: 'sum' });
  });
});
