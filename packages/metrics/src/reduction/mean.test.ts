import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, take } from '../testing/metric.test-utils.js';
import { Mean } from './mean.js';
import { Sum } from './sum.js';

describe('Mean', () => {
  it('gives the mean over all values across unequal batches', () => {
    const batches = [[1, 2, 3], [4], [5, 6, 7, 8, 9]];
    const all = batches.flat();
    const metric = new Mean();
    for (const batch of batches) metric.update(tf.tensor1d(batch));
    expectAllClose(take(metric.result()), [all.reduce((a, b) => a + b, 0) / all.length]);
    metric.dispose();
  });

  it('weights samples and averages [batch, T] values per sample first', () => {
    const metric = new Mean();
    metric.update(
      tf.tensor2d([
        [1, 3],
        [5, 7],
      ]),
      tf.tensor1d([1, 3]),
    ); // sample means 2 and 6
    metric.update(tf.tensor2d([[10, 20]]), tf.tensor1d([0.5])); // sample mean 15
    expectAllClose(take(metric.result()), [(2 * 1 + 6 * 3 + 15 * 0.5) / (1 + 3 + 0.5)]);
    metric.dispose();
  });

  it('counts each [batch, T] sample once without weights, and a scalar as one value', () => {
    const metric = new Mean();
    metric.update(
      tf.tensor2d([
        [1, 3],
        [5, 7],
      ]),
    );
    metric.update(tf.scalar(10));
    expectAllClose(take(metric.result()), [(2 + 6 + 10) / 3]);
    metric.dispose();
  });

  it('returns 0 before any update and after reset, and leaks nothing', () => {
    const metric = new Mean({ name: 'mean_pred' });
    expect(metric.name).toBe('mean_pred');
    expectAllClose(take(metric.result()), [0]);
    const values = tf.tensor1d([1, 2]);
    const weights = tf.tensor1d([1, 2]);
    const before = tf.memory().numTensors;
    metric.update(values, weights);
    take(metric.result());
    metric.resetState();
    expect(tf.memory().numTensors).toBe(before);
    expectAllClose(take(metric.result()), [0]);
    tf.dispose([values, weights]);
    const beforeDispose = tf.memory().numTensors;
    metric.dispose();
    expect(tf.memory().numTensors).toBe(beforeDispose - 2);
  });

  it('updateState averages yPred, for use as a compile metric', () => {
    const metric = new Mean();
    metric.updateState(tf.tensor1d([100, 100]), tf.tensor1d([1, 3]));
    expectAllClose(take(metric.result()), [2]);
    metric.dispose();
  });

  it('rejects weights that do not match the values, naming the metric', () => {
    const metric = new Mean({ name: 'my_mean' });
    expect(() => metric.update(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 2]))).toThrow(
      /Metric 'my_mean': sampleWeight of shape \[2\] does not match values of shape \[3\]/,
    );
    metric.dispose();
  });
});

describe('Sum', () => {
  it('sums weighted values across batches', () => {
    const metric = new Sum();
    metric.update(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 2]));
    metric.update(
      tf.tensor2d([
        [1, 1],
        [2, 2],
      ]),
    );
    expectAllClose(take(metric.result()), [1 + 6 + 2 + 4]);
    expect(metric.getConfig()).toEqual({ name: 'sum' });
    metric.dispose();
  });
});
