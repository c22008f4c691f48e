import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

const random = seededRandom(12);
const classes = 3;
const rows = Array.from({ length: 14 }, () => {
  const raw = Array.from({ length: classes }, () => 0.05 + random());
  const total = raw.reduce((a, b) => a + b, 0);
  return { label: Math.floor(random() * classes), probabilities: raw.map((v) => v / total), weight: random() };
});

function reference(weighted: boolean, smoothing = 0): number {
  let sum = 0;
  let total = 0;
  for (const row of rows) {
    const loss = -row.probabilities.reduce((acc, p, j) => {
      const target = (j === row.label ? 1 : 0) * (1 - smoothing) + smoothing / classes;
      return acc + target * Math.log(p);
    }, 0);
    const w = weighted ? row.weight : 1;
    sum += w * loss;
    total += w;
  }
  return sum / total;
}

const batches = (sparse: boolean, weighted: boolean) =>
  splitRows(rows, [3, 8, 3]).map((batch) => ({
    yTrue: batch.map((r) => (sparse ? r.label : Array.from({ length: classes }, (_, j) => (j === r.label ? 1 : 0)))) as number[] | number[][],
    yPred: batch.map((r) => r.probabilities),
    ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
  }));

describe('CategoricalCrossentropy and SparseCategoricalCrossentropy metrics', () => {
  it('equal the crossentropy averaged over the whole data', () => {
    const categorical = new CategoricalCrossentropy();
    const sparse = new SparseCategoricalCrossentropy();
    for (const weighted of [false, true]) {
      expectAllClose(runBatches(categorical, batches(false, weighted)), [reference(weighted)]);
      expectAllClose(runBatches(sparse, batches(true, weighted)), [reference(weighted)]);
    }
    expect([categorical.name, sparse.name]).toEqual(['categorical_crossentropy', 'sparse_categorical_crossentropy']);
    categorical.dispose();
    sparse.dispose();
  });

  it('pass loss options through and report them in the config', () => {
    const smoothed = new CategoricalCrossentropy({ labelSmoothing: 0.1 });
    expectAllClose(runBatches(smoothed, batches(false, false)), [reference(false, 0.1)]);
    expect(smoothed.getConfig()).toEqual({ name: 'categorical_crossentropy', labelSmoothing: 0.1 });
    smoothed.dispose();
  });
});
