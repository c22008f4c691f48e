import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { batchesOf, countsOver, ROWS } from './confusion-data.test-utils.js';
import { FalseNegatives } from './false-negatives.js';
import { FalsePositives } from './false-positives.js';
import { TrueNegatives } from './true-negatives.js';
import { TruePositives } from './true-positives.js';

describe('TruePositives, FalsePositives, TrueNegatives, FalseNegatives', () => {
  it('count (weighted) entries over all batches at the default threshold 0.5', () => {
    for (const weighted of [false, true]) {
      const expected = countsOver(ROWS, 0.5, weighted);
      const metrics = [new TruePositives(), new FalsePositives(), new TrueNegatives(), new FalseNegatives()];
      const values = metrics.map((metric) => runBatches(metric, batchesOf(ROWS, weighted)));
      expectAllClose(values.flat(), [expected.tp, expected.fp, expected.tn, expected.fn], 1e-5);
      for (const metric of metrics) metric.dispose();
    }
  });

  it('return one count per threshold for a list', () => {
    const metric = new TruePositives({ thresholds: [0.2, 0.5, 0.8] });
    const expected = [0.2, 0.5, 0.8].map((t) => countsOver(ROWS, t, false).tp);
    expectAllClose(runBatches(metric, batchesOf(ROWS, false)), expected);
    expect(metric.getConfig()).toEqual({ name: 'true_positives', thresholds: [0.2, 0.5, 0.8] });
    metric.dispose();
  });

  it('reject thresholds outside [0, 1]', () => {
    expect(() => new FalsePositives({ thresholds: [0.5, 1.5] })).toThrow(/false_positives: thresholds must be numbers in \[0, 1\], got \[0.5,1.5\]/);
  });
});
