import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy.js';

const random = seededRandom(3);
const classes = 8;
const rows = Array.from({ length: 21 }, () => ({
  label: Math.floor(random() * classes),
  scores: Array.from({ length: classes }, () => Math.round(random() * 20) / 20), // coarse values create ties
  weight: random(),
}));

/** In the top k when fewer than k classes score strictly higher (ties count as inside, as in_top_k). */
function reference(k: number, weighted: boolean): number {
  let hits = 0;
  let total = 0;
  for (const row of rows) {
    const target = row.scores[row.label] as number;
    const better = row.scores.filter((s) => s > target).length;
    const w = weighted ? row.weight : 1;
    hits += better < k ? w : 0;
    total += w;
  }
  return hits / total;
}

describe('TopKCategoricalAccuracy and SparseTopKCategoricalAccuracy', () => {
  const batches = (sparse: boolean, weighted: boolean) =>
    splitRows(rows, [6, 2, 13]).map((batch) => ({
      yTrue: batch.map((r) => (sparse ? r.label : Array.from({ length: classes }, (_, i) => (i === r.label ? 1 : 0)))) as number[] | number[][],
      yPred: batch.map((r) => r.scores),
      ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
    }));

  it('default k is 5 and matches the whole-data value', () => {
    const dense = new TopKCategoricalAccuracy();
    const sparse = new SparseTopKCategoricalAccuracy();
    expect([dense.k, sparse.k]).toEqual([5, 5]);
    for (const weighted of [false, true]) {
      expectAllClose(runBatches(dense, batches(false, weighted)), [reference(5, weighted)]);
      expectAllClose(runBatches(sparse, batches(true, weighted)), [reference(5, weighted)]);
    }
    dense.dispose();
    sparse.dispose();
  });

  it('honours k', () => {
    const sparse = new SparseTopKCategoricalAccuracy({ k: 2 });
    expectAllClose(runBatches(sparse, batches(true, false)), [reference(2, false)]);
    expect(sparse.getConfig()).toEqual({ name: 'sparse_top_k_categorical_accuracy', k: 2 });
    sparse.dispose();
  });
});
