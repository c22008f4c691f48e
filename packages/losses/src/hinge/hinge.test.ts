import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { Hinge, hinge } from './hinge.js';
import { SquaredHinge, squaredHinge } from './squared-hinge.js';

const signedTargets = [
  [-1, 1, 1],
  [1, -1, -1],
];
const binaryTargets = [
  [0, 1, 1],
  [1, 0, 0],
];
const yPred = [
  [0.3, 0.2, 1.4],
  [-0.6, -0.5, 0.8],
];

function reference(t: number[][], p: number[][], power: number): number[] {
  return t.map((row, i) => row.reduce((sum, tv, j) => sum + Math.max(1 - tv * ((p[i] as number[])[j] as number), 0) ** power / row.length, 0));
}

describe('hinge and squaredHinge', () => {
  it('match mean(max(1 - t p, 0)^k) for -1/1 labels', () => {
    expectAllClose(take(hinge(tf.tensor2d(signedTargets), tf.tensor2d(yPred))), reference(signedTargets, yPred, 1));
    expectAllClose(take(squaredHinge(tf.tensor2d(signedTargets), tf.tensor2d(yPred))), reference(signedTargets, yPred, 2));
  });

  it('convert 0/1 labels to -1/1 but leave other labels alone', () => {
    expectAllClose(take(hinge(tf.tensor2d(binaryTargets), tf.tensor2d(yPred))), reference(signedTargets, yPred, 1));
    const other = [[0.5, 1, 0]];
    expectAllClose(take(hinge(tf.tensor2d(other), tf.tensor2d([[1, 1, 1]]))), reference(other, [[1, 1, 1]], 1));
  });

  it('have gradients matching central differences', () => {
    const t = tf.tensor2d(binaryTargets);
    expectGradientMatchesNumeric((x) => weightedSum(hinge(t, x)), tf.tensor2d(yPred));
    expectGradientMatchesNumeric((x) => weightedSum(squaredHinge(t, x)), tf.tensor2d(yPred));
    t.dispose();
  });

  it('leak no tensors; classes carry Keras names', () => {
    const t = tf.tensor2d(binaryTargets);
    const p = tf.tensor2d(yPred);
    expectNoLeak(() => {
      new Hinge().compute(t, p).dispose();
      new SquaredHinge().compute(t, p).dispose();
    });
    tf.dispose([t, p]);
    expect(new Hinge().name).toBe('hinge');
    expect(new SquaredHinge().name).toBe('squared_hinge');
  });
});
