import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { CategoricalAccuracy, categoricalAccuracy } from './categorical-accuracy.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';

const random = seededRandom(2);
const classes = 4;
const rows = Array.from({ length: 19 }, () => ({
  label: Math.floor(random() * classes),
  scores: Array.from({ length: classes }, () => random()),
  weight: random(),
}));
const argMax = (values: number[]) => values.indexOf(Math.max(...values));
const oneHot = (label: number) => Array.from({ length: classes }, (_, i) => (i === label ? 1 : 0));

function reference(weighted: boolean): number {
  let hits = 0;
  let total = 0;
  for (const row of rows) {
    const w = weighted ? row.weight : 1;
    hits += argMax(row.scores) === row.label ? w : 0;
    total += w;
  }
  return hits / total;
}

describe('CategoricalAccuracy and SparseCategoricalAccuracy', () => {
  const batches = (sparse: 'flat' | 'column' | false, weighted: boolean) =>
    splitRows(rows, [4, 9, 1, 5]).map((batch) => ({
      yTrue: batch.map((r) => (sparse === 'flat' ? r.label : sparse === 'column' ? [r.label] : oneHot(r.label))) as number[] | number[][],
      yPred: batch.map((r) => r.scores),
      ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
    }));

  it('equal the argmax accuracy over the whole data, weighted or not', () => {
    const categorical = new CategoricalAccuracy();
    const sparse = new SparseCategoricalAccuracy();
    for (const weighted of [false, true]) {
      expectAllClose(runBatches(categorical, batches(false, weighted)), [reference(weighted)]);
      expectAllClose(runBatches(sparse, batches('flat', weighted)), [reference(weighted)]);
      expectAllClose(runBatches(sparse, batches('column', weighted)), [reference(weighted)]);
    }
    expect([categorical.name, sparse.name]).toEqual(['categorical_accuracy', 'sparse_categorical_accuracy']);
    categorical.dispose();
    sparse.dispose();
  });

  it('rejects mismatched shapes with a hint', () => {
    expect(() =>
      categoricalAccuracy(
        tf.tensor1d([1, 2]),
        tf.tensor2d([
          [0.1, 0.9],
          [0.5, 0.5],
        ]),
      ),
    ).toThrow(/categoricalAccuracy expects one-hot yTrue shaped like yPred, got yTrue \[2\].*sparseCategoricalAccuracy/);
    const sparse = new SparseCategoricalAccuracy();
    expect(() => sparse.updateState(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.1, 0.9]]))).toThrow(
      /sparseCategoricalAccuracy expects one integer label per sample, shape \[1\] or \[1, 1\], got yTrue \[1, 2\]/,
    );
    sparse.dispose();
  });
});
