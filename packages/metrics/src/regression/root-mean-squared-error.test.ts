import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';

describe('RootMeanSquaredError', () => {
  it('is sqrt of the weighted mean squared error over all batches', () => {
    const metric = new RootMeanSquaredError();
    const batches = [
      {
        yTrue: [
          [0, 1],
          [2, 2],
        ],
        yPred: [
          [1, 1],
          [2, 5],
        ],
        sampleWeight: [1, 2],
      },
      { yTrue: [[3, 3]], yPred: [[1, 3]], sampleWeight: [0.5] },
    ];
    // per-sample mean squared errors: 0.5, 4.5, 2
    expectAllClose(runBatches(metric, batches), [Math.sqrt((0.5 * 1 + 4.5 * 2 + 2 * 0.5) / 3.5)]);
    expectAllClose(runBatches(metric, [{ yTrue: [2, 4, 6, 8], yPred: [1, 3, 5, 7] }]), [1]);
    expect(metric.name).toBe('root_mean_squared_error');
    metric.dispose();
  });
});
