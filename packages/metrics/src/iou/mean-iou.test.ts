import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { MeanIoU } from './mean-iou.js';

const random = seededRandom(41);
const classes = 4;
const rows = Array.from({ length: 30 }, () => ({
  label: Math.floor(random() * classes),
  prediction: Math.floor(random() * classes),
  weight: random(),
}));

function reference(weighted: boolean, ignoreClass: number | null = null): number {
  const matrix = Array.from({ length: classes }, () => Array.from({ length: classes }, () => 0));
  for (const row of rows) {
    if (row.label === ignoreClass) continue;
    const line = matrix[row.label] as number[];
    line[row.prediction] = (line[row.prediction] as number) + (weighted ? row.weight : 1);
  }
  let sum = 0;
  let valid = 0;
  for (let c = 0; c < classes; c++) {
    const tp = (matrix[c] as number[])[c] as number;
    const labelled = (matrix[c] as number[]).reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, r) => a + (r[c] as number), 0);
    const denominator = labelled + predicted - tp;
    if (denominator !== 0) {
      valid += 1;
      sum += tp / denominator;
    }
  }
  return valid === 0 ? 0 : sum / valid;
}

describe('MeanIoU', () => {
  it('reproduces the Keras example (0.33) and equals the whole-data value', () => {
    const metric = new MeanIoU({ numClasses: 2 });
    expectAllClose(runBatches(metric, [{ yTrue: [0, 0, 1, 1], yPred: [0, 1, 0, 1] }]), [1 / 3]);
    metric.dispose();
    const big = new MeanIoU({ numClasses: classes });
    for (const weighted of [false, true]) {
      const batches = splitRows(rows, [12, 5, 13]).map((batch) => ({
        yTrue: batch.map((r) => r.label),
        yPred: batch.map((r) => r.prediction),
        ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
      }));
      expectAllClose(runBatches(big, batches), [reference(weighted)]);
    }
    big.dispose();
  });

  it('arg-maxes dense inputs and skips ignoreClass', () => {
    const metric = new MeanIoU({ numClasses: classes, sparseYPred: false, ignoreClass: 2 });
    const batches = splitRows(rows, [10, 20]).map((batch) => ({
      yTrue: batch.map((r) => r.label),
      yPred: batch.map((r) => Array.from({ length: classes }, (_, c) => (c === r.prediction ? 0.7 : 0.1))),
    }));
    expectAllClose(runBatches(metric, batches), [reference(false, 2)]);
    expect(metric.getConfig()).toEqual({
      name: 'mean_iou',
      numClasses: classes,
      ignoreClass: 2,
      sparseYTrue: true,
      sparseYPred: false,
      axis: -1,
    });
    metric.dispose();
  });

  it('requires numClasses', () => {
    expect(() => new MeanIoU({ numClasses: 0 })).toThrow(/numClasses must be a positive integer, got 0/);
  });
});

describe('MeanIoU with dense labels', () => {
  it('repeats a per-sample weight over each sample’s labels', () => {
    const metric = new MeanIoU({ numClasses: 2 });
    // Sample 0 (weight 1): labels [0, 1], predictions [0, 1]; sample 1 (weight 0): ignored.
    const value = runBatches(metric, [
      {
        yTrue: [
          [0, 1],
          [1, 1],
        ],
        yPred: [
          [0, 1],
          [0, 0],
        ],
        sampleWeight: [1, 0],
      },
    ]);
    expectAllClose(value, [1]);
    metric.dispose();
  });
});
