import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { BinaryAccuracy } from './binary-accuracy.js';

describe('BinaryAccuracy', () => {
  const random = seededRandom(1);
  const rows = Array.from({ length: 23 }, () => ({ label: random() < 0.4 ? 1 : 0, score: random(), weight: random() * 2 }));

  function reference(threshold: number, weighted: boolean): number {
    let hits = 0;
    let total = 0;
    for (const row of rows) {
      const w = weighted ? row.weight : 1;
      hits += w * (Number(row.score > threshold) === row.label ? 1 : 0);
      total += w;
    }
    return hits / total;
  }

  const toBatches = (weighted: boolean) =>
    splitRows(rows, [7, 1, 10, 5]).map((batch) => ({
      yTrue: batch.map((r) => [r.label]),
      yPred: batch.map((r) => [r.score]),
      ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
    }));

  it('equals the accuracy over the whole data, unweighted and weighted', () => {
    const metric = new BinaryAccuracy();
    expectAllClose(runBatches(metric, toBatches(false)), [reference(0.5, false)]);
    expectAllClose(runBatches(metric, toBatches(true)), [reference(0.5, true)]);
    metric.dispose();
  });

  it('honours threshold and averages over the last axis', () => {
    const metric = new BinaryAccuracy({ threshold: 0.7 });
    expectAllClose(runBatches(metric, toBatches(false)), [reference(0.7, false)]);
    expectAllClose(
      runBatches(metric, [
        {
          yTrue: [
            [1, 0],
            [1, 1],
          ],
          yPred: [
            [0.9, 0.2],
            [0.1, 0.8],
          ],
        },
      ]),
      [0.75],
    );
    expect(metric.getConfig()).toEqual({ name: 'binary_accuracy', threshold: 0.7 });
    metric.dispose();
  });
});
