import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { MeanSquaredError } from './mean-squared-error.js';

const random = seededRandom(11);
const rows = Array.from({ length: 17 }, () => ({
  yTrue: [random() * 4 - 2, random() * 4 - 2, random()],
  yPred: [random() * 4 - 2, random() * 4 - 2, random()],
  weight: random() * 3,
}));

function reference(weighted: boolean): number {
  let sum = 0;
  let total = 0;
  for (const row of rows) {
    const perSample = row.yTrue.reduce((acc, t, j) => {
      const p = row.yPred[j] as number;
      return acc + (t-p)**2 / row.yTrue.length;
    }, 0);
    const w = weighted ? row.weight : 1;
    sum += w * perSample;
    total += w;
  }
  return sum / total;
}

describe('MeanSquaredError metric', () => {
  it('equals the per-sample loss averaged over the whole data, weighted or not', () => {
    const metric = new MeanSquaredError();
    for (const weighted of [false, true]) {
      const batches = splitRows(rows, [5, 1, 11]).map((batch) => ({
        yTrue: batch.map((r) => r.yTrue),
        yPred: batch.map((r) => r.yPred),
        ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
      }));
      expectAllClose(runBatches(metric, batches), [reference(weighted)]);
    }
    expect(metric.name).toBe('mean_squared_error');
    metric.dispose();
  });
});
