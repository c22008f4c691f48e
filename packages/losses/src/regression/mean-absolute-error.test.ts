import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  expectAllClose,
  expectGradientMatchesNumeric,
  expectNoLeak,
  take,
  weightedSum,
} from '../testing/numeric.test-utils.js';
import { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';

const yTrue = [[1, -2, 0.5], [3, 0.25, -1]];
const yPred = [[1.5, -1, 2], [2.2, 0.3, 1.4]];

/** The formula written out elementwise, averaged over the last axis. */
function reference(t: number[][], p: number[][]): number[] {
  return t.map((row, i) =>
    row.reduce((sum, tv, j) => {
      const pv = (p[i] as number[])[j] as number;
      return sum + (Math.abs(tv - pv)) / row.length;
    }, 0),
  );
}

describe('meanAbsoluteError', () => {
  it('matches the formula written out', () => {
    expectAllClose(take(meanAbsoluteError(tf.tensor2d(yTrue), tf.tensor2d(yPred))), reference(yTrue, yPred));
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric((x) => weightedSum(meanAbsoluteError(t, x)), tf.tensor2d(yPred));
    t.dispose();
  });

  it('accepts [batch] targets against [batch, 1] predictions and rejects other mismatches', () => {
    const perSample = take(meanAbsoluteError(tf.tensor1d([1, 3]), tf.tensor2d([[1.5], [2.2]])));
    expectAllClose(perSample, reference([[1], [3]], [[1.5], [2.2]]));
    expect(() => meanAbsoluteError(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2, 3]]))).toThrow(
      /meanAbsoluteError: yTrue and yPred must have the same shape, got yTrue \[1, 2\] and yPred \[1, 3\]/,
    );
  });

  it('leaks no tensors; the class reduces and names itself as Keras does', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new MeanAbsoluteError();
    expectNoLeak(() => loss.compute(t, p).dispose());
    const expected = reference(yTrue, yPred);
    expectAllClose(take(loss.compute(t, p)), [((expected[0] as number) + (expected[1] as number)) / 2]);
    tf.dispose([t, p]);
    expect(loss.name).toBe('mean_absolute_error');
    expect(MeanAbsoluteError.className).toBe('MeanAbsoluteError');
  });
});
