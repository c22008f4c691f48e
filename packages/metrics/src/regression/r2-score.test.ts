import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { R2Score } from './r2-score.js';

const random = seededRandom(51);
const rows = Array.from({ length: 20 }, () => {
  const x = random() * 10;
  return { yTrue: [x, 2 * x + 1], yPred: [x + random() - 0.5, 2 * x + 3 * (random() - 0.5)], weight: random() };
});

/** Weighted R² per output column, written out: 1 - sum w (t - p)^2 / sum w (t - mean_w(t))^2. */
function perOutput(weighted: boolean): { scores: number[]; totals: number[] } {
  const scores: number[] = [];
  const totals: number[] = [];
  for (const column of [0, 1]) {
    const w = rows.map((r) => (weighted ? r.weight : 1));
    const t = rows.map((r) => r.yTrue[column] as number);
    const p = rows.map((r) => r.yPred[column] as number);
    const weightSum = w.reduce((a, b) => a + b, 0);
    const mean = t.reduce((a, v, i) => a + v * (w[i] as number), 0) / weightSum;
    const total = t.reduce((a, v, i) => a + (w[i] as number) * (v - mean) ** 2, 0);
    const residual = t.reduce((a, v, i) => a + (w[i] as number) * (v - (p[i] as number)) ** 2, 0);
    scores.push(1 - residual / total);
    totals.push(total);
  }
  return { scores, totals };
}

const batches = (weighted: boolean) =>
  splitRows(rows, [7, 3, 10]).map((batch) => ({
    yTrue: batch.map((r) => r.yTrue),
    yPred: batch.map((r) => r.yPred),
    ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
  }));

describe('R2Score', () => {
  it('equals the whole-data R² for every aggregation, weighted or not', () => {
    for (const weighted of [false, true]) {
      const { scores, totals } = perOutput(weighted);
      const uniform = new R2Score();
      expectAllClose(runBatches(uniform, batches(weighted)), [((scores[0] as number) + (scores[1] as number)) / 2], 1e-4);
      const perClass = new R2Score({ classAggregation: null });
      expectAllClose(runBatches(perClass, batches(weighted)), scores, 1e-4);
      const varianceWeighted = new R2Score({ classAggregation: 'variance_weighted_average' });
      const expected =
        ((scores[0] as number) * (totals[0] as number) + (scores[1] as number) * (totals[1] as number)) / ((totals[0] as number) + (totals[1] as number));
      expectAllClose(runBatches(varianceWeighted, batches(weighted)), [expected], 1e-4);
      for (const metric of [uniform, perClass, varianceWeighted]) metric.dispose();
    }
  });

  it('adjusts for regressors with n = number of target values seen (Keras)', () => {
    const { scores } = perOutput(false);
    const r2 = ((scores[0] as number) + (scores[1] as number)) / 2;
    const n = rows.length * 2;
    const adjusted = new R2Score({ numRegressors: 3 });
    expectAllClose(runBatches(adjusted, batches(false)), [1 - ((1 - r2) * (n - 1)) / (n - 3 - 1)], 1e-4);
    adjusted.dispose();
  });

  it('accepts [batch] inputs and validates options', () => {
    const metric = new R2Score();
    expectAllClose(runBatches(metric, [{ yTrue: [1, 2, 3], yPred: [1, 2, 4] }]), [1 - 1 / 2]);
    metric.dispose();
    expect(() => new R2Score({ classAggregation: 'median' as never })).toThrow(/classAggregation must be/);
    expect(() => new R2Score({ numRegressors: -1 })).toThrow(/numRegressors must be a non-negative integer, got -1/);
  });
});
