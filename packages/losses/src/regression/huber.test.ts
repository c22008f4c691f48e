import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { Huber, huber } from './huber.js';

const yTrue = [
  [0, 1],
  [0, 0],
  [2, -1],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
  [4.5, 0.2],
];

function reference(t: number[][], p: number[][], delta = 1): number[] {
  return t.map((row, i) =>
    row.reduce((sum, tv, j) => {
      const error = Math.abs(((p[i] as number[])[j] as number) - tv);
      const value = error <= delta ? 0.5 * error * error : delta * error - 0.5 * delta * delta;
      return sum + value / row.length;
    }, 0),
  );
}

describe('huber', () => {
  it('is quadratic below delta and linear above (Keras example mean: 0.155)', () => {
    expectAllClose(take(huber(tf.tensor2d(yTrue), tf.tensor2d(yPred))), reference(yTrue, yPred));
    expectAllClose(take(huber(tf.tensor2d(yTrue), tf.tensor2d(yPred), { delta: 0.5 })), reference(yTrue, yPred, 0.5));
    const example = take(
      new Huber().compute(
        tf.tensor2d([
          [0, 1],
          [0, 0],
        ]),
        tf.tensor2d([
          [0.6, 0.4],
          [0.4, 0.6],
        ]),
      ),
    );
    expectAllClose(example, [0.155], 1e-3);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric((x) => weightedSum(huber(t, x, { delta: 0.8 })), tf.tensor2d(yPred));
    t.dispose();
  });

  it('rejects a non-positive delta', () => {
    expect(() => huber(tf.tensor2d([[1]]), tf.tensor2d([[1]]), { delta: 0 })).toThrow(/delta must be a positive number, got 0/);
  });

  it('leaks no tensors; config round-trips with Keras name huber_loss', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new Huber({ delta: 2 });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(loss.getConfig()).toEqual({ name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 2 });
  });
});
