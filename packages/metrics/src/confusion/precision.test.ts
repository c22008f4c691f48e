import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { batchesOf, countsOver, ROWS, type Row } from './confusion-data.test-utils.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';

const precisionOf = (c: { tp: number; fp: number }) => (c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp));
const recallOf = (c: { tp: number; fn: number }) => (c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn));

/** Whether column is among the k highest scores of the row (the rows' scores have no ties at the boundary that matter here). */
function inTopK(row: Row, column: number, k: number): boolean {
  const order = row.scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return order.slice(0, k).some(([, i]) => i === column);
}

describe('Precision and Recall', () => {
  it('equal tp / (tp + fp) and tp / (tp + fn) over the whole data, weighted or not', () => {
    const precision = new Precision();
    const recall = new Recall();
    for (const weighted of [false, true]) {
      const counts = countsOver(ROWS, 0.5, weighted);
      expectAllClose(runBatches(precision, batchesOf(ROWS, weighted)), [precisionOf(counts)]);
      expectAllClose(runBatches(recall, batchesOf(ROWS, weighted)), [recallOf(counts)]);
    }
    precision.dispose();
    recall.dispose();
  });

  it('support several thresholds, classId and topK', () => {
    const thresholds = [0.3, 0.6];
    const precision = new Precision({ thresholds });
    expectAllClose(
      runBatches(precision, batchesOf(ROWS, true)),
      thresholds.map((t) => precisionOf(countsOver(ROWS, t, true))),
    );
    const perClass = new Recall({ classId: 1 });
    expectAllClose(runBatches(perClass, batchesOf(ROWS, false)), [recallOf(countsOver(ROWS, 0.5, false, undefined, [1]))]);
    const topOne = new Precision({ topK: 1 });
    expectAllClose(runBatches(topOne, batchesOf(ROWS, false)), [precisionOf(countsOver(ROWS, 0, false, (row, column) => inTopK(row, column, 1)))]);
    const topTwoClass = new Recall({ topK: 2, classId: 2 });
    expectAllClose(runBatches(topTwoClass, batchesOf(ROWS, true)), [recallOf(countsOver(ROWS, 0, true, (row, column) => inTopK(row, column, 2), [2]))]);
    for (const metric of [precision, perClass, topOne, topTwoClass]) metric.dispose();
  });

  it('is 0 with no predicted positives, and validates options', () => {
    const precision = new Precision();
    expectAllClose(runBatches(precision, [{ yTrue: [1, 0], yPred: [0.1, 0.2] }]), [0]);
    expect(() => precision.updateState(tf.tensor1d([1, 0]), tf.tensor1d([0.3]))).toThrow(/precision expects yTrue and yPred of the same shape/);
    precision.dispose();
    expect(() => new Recall({ topK: 0 })).toThrow(/recall: topK must be a positive integer, got 0/);
    const classMetric = new Recall({ classId: 5 });
    expect(() => classMetric.updateState(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]]))).toThrow(/classId 5/);
    classMetric.dispose();
    expect(new Precision({ topK: 3 }).getConfig()).toEqual({ name: 'precision', thresholds: null, topK: 3, classId: null });
  });
});
