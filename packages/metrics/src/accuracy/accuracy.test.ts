import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { Accuracy } from './accuracy.js';

describe('Accuracy', () => {
  it('counts exact matches over all batches, weighted (Keras example: 0.75, weighted 0.5)', () => {
    const metric = new Accuracy();
    expectAllClose(runBatches(metric, [{ yTrue: [1, 2, 3, 4], yPred: [0, 2, 3, 4] }]), [0.75]);
    expectAllClose(runBatches(metric, [{ yTrue: [1, 2, 3, 4], yPred: [0, 2, 3, 4], sampleWeight: [1, 1, 0, 0] }]), [0.5]);
    expectAllClose(
      runBatches(metric, [
        { yTrue: [1, 2], yPred: [1, 0] },
        { yTrue: [5, 5, 5], yPred: [5, 5, 4] },
      ]),
      [3 / 5],
    );
    expect(metric.name).toBe('accuracy');
    metric.dispose();
  });
});
