import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';

describe('MeanMetricWrapper', () => {
  it("averages a user function over every sample and takes the function's name (seed 004's mean_pred)", () => {
    function mean_pred(_yTrue: tf.Tensor, yPred: tf.Tensor) {
      return tf.mean(yPred, -1);
    }
    const metric = new MeanMetricWrapper(mean_pred);
    expect(metric.name).toBe('mean_pred');
    const batches = [
      {
        yTrue: [
          [0, 0],
          [0, 0],
        ],
        yPred: [
          [1, 2],
          [3, 4],
        ],
      },
      { yTrue: [[0, 0]], yPred: [[10, 20]] },
    ];
    expectAllClose(runBatches(metric, batches), [(1.5 + 3.5 + 15) / 3]);
    const weighted = runBatches(metric, [{ ...batches[0], sampleWeight: [2, 0] } as never, { ...batches[1], sampleWeight: [1] } as never]);
    expectAllClose(weighted, [(1.5 * 2 + 15) / 3]);
    metric.dispose();
  });

  it('names anonymous functions mean_metric_wrapper unless a name is given, and rejects non-functions', () => {
    expect(new MeanMetricWrapper(((a: tf.Tensor) => a) as never).name).not.toBe('');
    expect(new MeanMetricWrapper((a) => a, { name: 'custom' }).name).toBe('custom');
    expect(() => new MeanMetricWrapper('mse' as never)).toThrow(/expects a function/);
  });
});
