import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak, take } from '../testing/numeric.test-utils.js';
import { checkReduction, REDUCTIONS, reduceWeightedValues } from './reduction.js';

const values = [1, 2, 3, 4];
const weights = [0.5, 0, 2, 1];

describe('reduceWeightedValues', () => {
  it('applies every Keras reduction to weighted [batch] values', () => {
    const weighted = values.map((v, i) => v * (weights[i] as number)); // [0.5, 0, 6, 4]
    const sum = weighted.reduce((a, b) => a + b, 0);
    const run = (reduction: (typeof REDUCTIONS)[number]) => take(reduceWeightedValues('test', tf.tensor1d(values), reduction, tf.tensor1d(weights)));
    expectAllClose(run('sum'), [sum]);
    expectAllClose(run('sum_over_batch_size'), [sum / 4]);
    expectAllClose(run('mean'), [sum / 4]);
    expectAllClose(run('mean_with_sample_weight'), [sum / 3.5]);
    expectAllClose(run('none'), weighted);
  });

  it('broadcasts a [batch] weight against [batch, T] values and divides by the element count', () => {
    const result = take(
      reduceWeightedValues(
        'test',
        tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        'sum_over_batch_size',
        tf.tensor1d([1, 3]),
      ),
    );
    expectAllClose(result, [(1 + 2 + 3 + 3 * (4 + 5 + 6)) / 6]);
  });

  it('squeezes a [batch, 1] weight against [batch] values and accepts a scalar weight', () => {
    expectAllClose(take(reduceWeightedValues('test', tf.tensor1d([2, 4]), 'sum', tf.tensor2d([[1], [0.5]]))), [4]);
    expectAllClose(take(reduceWeightedValues('test', tf.tensor1d([2, 4]), 'sum', tf.scalar(3))), [18]);
  });

  it('mean_with_sample_weight without weights is the plain mean, and returns 0 when all weights are 0', () => {
    expectAllClose(take(reduceWeightedValues('test', tf.tensor1d([2, 4]), 'mean_with_sample_weight')), [3]);
    expectAllClose(take(reduceWeightedValues('test', tf.tensor1d([2, 4]), 'mean_with_sample_weight', tf.tensor1d([0, 0]))), [0]);
  });

  it('averages over unmasked entries only for mean reductions', () => {
    const result = take(reduceWeightedValues('test', tf.tensor1d([1, 2, 3, 4]), 'sum_over_batch_size', undefined, tf.tensor1d([1, 0, 1, 0])));
    expectAllClose(result, [(1 + 3) / 2]);
    const summed = take(reduceWeightedValues('test', tf.tensor1d([1, 2, 3, 4]), 'sum', undefined, tf.tensor1d([1, 0, 1, 0])));
    expectAllClose(summed, [4]);
  });

  it('returns scalar values unreduced', () => {
    expectAllClose(take(reduceWeightedValues('test', tf.scalar(5), 'sum_over_batch_size')), [5]);
  });

  it('rejects a sample weight that does not broadcast, naming both shapes', () => {
    expect(() => reduceWeightedValues('mse', tf.tensor1d([1, 2, 3]), 'sum', tf.tensor1d([1, 2]))).toThrow(
      /mse: sampleWeight of shape \[2\] does not broadcast against values of shape \[3\]/,
    );
  });

  it('validates reduction names', () => {
    expect(checkReduction('x', 'sum')).toBe('sum');
    expect(() => checkReduction('mse', 'average')).toThrow(/mse: reduction must be one of 'sum_over_batch_size'.*got "average"/);
  });

  it('leaks no tensors', () => {
    const v = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const w = tf.tensor1d([1, 2]);
    expectNoLeak(() => {
      for (const reduction of REDUCTIONS) reduceWeightedValues('test', v, reduction, w).dispose();
    });
    tf.dispose([v, w]);
  });
});
