import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { CategoricalHinge, categoricalHinge } from './categorical-hinge.js';

const yTrue = [
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
];
const yPred = [
  [0.2, 0.5, 0.3],
  [0.6, 0.3, 0.1],
  [2.5, 0.1, 0.2],
];

function reference(t: number[][], p: number[][]): number[] {
  return t.map((row, i) => {
    const pRow = p[i] as number[];
    const positive = row.reduce((sum, tv, j) => sum + tv * (pRow[j] as number), 0);
    const negative = Math.max(...row.map((tv, j) => (1 - tv) * (pRow[j] as number)));
    return Math.max(negative - positive + 1, 0);
  });
}

describe('categoricalHinge', () => {
  it('matches max(neg - pos + 1, 0)', () => {
    const result = take(categoricalHinge(tf.tensor2d(yTrue), tf.tensor2d(yPred)));
    expectAllClose(result, reference(yTrue, yPred));
    expect(result[2]).toBe(0);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue.slice(0, 2));
    expectGradientMatchesNumeric((x) => weightedSum(categoricalHinge(t, x)), tf.tensor2d(yPred.slice(0, 2)));
    t.dispose();
  });

  it('leaks no tensors; class has Keras name', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new CategoricalHinge();
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(loss.name).toBe('categorical_hinge');
  });
});
