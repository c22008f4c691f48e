// One test for the metrics that average an elementwise loss term over the last axis (MAE, MSE):
// each test file supplies the term written out in plain JS.
import { describe, expect, it } from 'vitest';
import type { Metric } from '../base/metric.js';
import { expectAllClose, runBatches, seededRandom, splitRows } from './metric.test-utils.js';

const random = seededRandom(11);
const rows = Array.from({ length: 17 }, () => ({
  yTrue: [random() * 4 - 2, random() * 4 - 2, random()],
  yPred: [random() * 4 - 2, random() * 4 - 2, random()],
  weight: random() * 3,
}));

/** The (weighted) mean over all samples of the term averaged over each sample's values. */
function reference(term: (t: number, p: number) => number, weighted: boolean): number {
  let sum = 0;
  let total = 0;
  for (const row of rows) {
    const perSample = row.yTrue.reduce((acc, t, j) => acc + term(t, row.yPred[j]!) / row.yTrue.length, 0);
    const w = weighted ? row.weight : 1;
    sum += w * perSample;
    total += w;
  }
  return sum / total;
}

/** Declares the test: unequal batches, weighted and not, against the whole-data value; Keras's name. */
export function describeElementwiseMetric(title: string, make: () => Metric, kerasName: string, term: (t: number, p: number) => number): void {
  describe(title, () => {
    it('equals the per-sample loss averaged over the whole data, weighted or not', () => {
      const metric = make();
      for (const weighted of [false, true]) {
        const batches = splitRows(rows, [5, 1, 11]).map((batch) => ({
          yTrue: batch.map((r) => r.yTrue),
          yPred: batch.map((r) => r.yPred),
          ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
        }));
        expectAllClose(runBatches(metric, batches), [reference(term, weighted)]);
      }
      expect(metric.name).toBe(kerasName);
      metric.dispose();
    });
  });
}
