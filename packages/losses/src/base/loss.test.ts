import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MeanSquaredError } from '../regression/mean-squared-error.js';
import { expectAllClose, expectNoLeak, take } from '../testing/numeric.test-utils.js';
import { LossFunctionWrapper } from './loss-function-wrapper.js';

describe('Loss.compute', () => {
  const yTrue = [
    [0, 1],
    [2, 3],
    [1, 1],
  ];
  const yPred = [
    [1, 1],
    [2, 5],
    [0, 0],
  ];
  // Per-sample mean squared errors written out: [(1 + 0) / 2, (0 + 4) / 2, (1 + 1) / 2].
  const perSample = [0.5, 2, 1];

  it('reduces with sum_over_batch_size by default and honours the other reductions', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    expectAllClose(take(new MeanSquaredError().compute(t, p)), [3.5 / 3]);
    expectAllClose(take(new MeanSquaredError({ reduction: 'sum' }).compute(t, p)), [3.5]);
    expectAllClose(take(new MeanSquaredError({ reduction: 'none' }).compute(t, p)), perSample);
    const w = tf.tensor1d([2, 1, 0]);
    expectAllClose(take(new MeanSquaredError().compute(t, p, w)), [(1 + 2) / 3]);
    expectAllClose(take(new MeanSquaredError({ reduction: 'mean_with_sample_weight' }).compute(t, p, w)), [3 / 3]);
    tf.dispose([t, p, w]);
  });

  it('keeps gradients flowing through compute', () => {
    const t = tf.tensor2d([[1, 2]]);
    const p = tf.tensor2d([[3, 1]]);
    const gradient = take(tf.grad((x: tf.Tensor) => new MeanSquaredError().compute(t, x))(p));
    // d/dp mean((p - t)^2) = 2 (p - t) / 2
    expectAllClose(gradient, [2, -1]);
    tf.dispose([t, p]);
  });

  it('leaks no tensors', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const w = tf.tensor1d([1, 2, 3]);
    const loss = new MeanSquaredError();
    expectNoLeak(() => {
      loss.compute(t, p).dispose();
      loss.compute(t, p, w).dispose();
    });
    tf.dispose([t, p, w]);
  });

  it('exposes name, reduction and config', () => {
    const loss = new MeanSquaredError({ name: 'my_mse', reduction: 'sum' });
    expect(loss.name).toBe('my_mse');
    expect(loss.getConfig()).toEqual({ name: 'my_mse', reduction: 'sum' });
    expect(MeanSquaredError.className).toBe('MeanSquaredError');
    expect(() => new MeanSquaredError({ reduction: 'avg' as never })).toThrow(/reduction must be one of/);
  });
});

describe('LossFunctionWrapper', () => {
  it('wraps a function, takes its name and reduces its output', () => {
    const absoluteDifference = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.abs(tf.sub(a, b)), -1);
    const loss = new LossFunctionWrapper(absoluteDifference);
    expect(loss.name).toBe('absoluteDifference');
    const t = tf.tensor2d([
      [1, 2],
      [0, 0],
    ]);
    const p = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    expectAllClose(take(loss.compute(t, p)), [(3 + 2) / 2]);
    tf.dispose([t, p]);
  });

  it('rejects non-functions', () => {
    expect(() => new LossFunctionWrapper(42 as never)).toThrow(/expects a function/);
  });
});
