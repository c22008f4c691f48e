import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { BinaryCrossentropy } from './binary-crossentropy.js';

const random = seededRandom(13);
const rows = Array.from({ length: 15 }, () => ({ label: random() < 0.5 ? 1 : 0, logit: random() * 6 - 3, weight: random() }));

function reference(weighted: boolean): number {
  let sum = 0;
  let total = 0;
  for (const row of rows) {
    const p = 1 / (1 + Math.exp(-row.logit)); // the same probability either way; only its encoding differs
    const loss = -(row.label * Math.log(p) + (1 - row.label) * Math.log(1 - p));
    const w = weighted ? row.weight : 1;
    sum += w * loss;
    total += w;
  }
  return sum / total;
}

describe('BinaryCrossentropy metric', () => {
  it('equals the crossentropy over the whole data, from probabilities or logits', () => {
    const probabilities = new BinaryCrossentropy();
    const logits = new BinaryCrossentropy({ fromLogits: true });
    for (const weighted of [false, true]) {
      const make = (useLogits: boolean) =>
        splitRows(rows, [2, 6, 7]).map((batch) => ({
          yTrue: batch.map((r) => [r.label]),
          yPred: batch.map((r) => [useLogits ? r.logit : 1 / (1 + Math.exp(-r.logit))]),
          ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
        }));
      expectAllClose(runBatches(probabilities, make(false)), [reference(weighted)], 1e-4);
      expectAllClose(runBatches(logits, make(true)), [reference(weighted)], 1e-4);
    }
    expect(logits.getConfig()).toEqual({ name: 'binary_crossentropy', fromLogits: true });
    probabilities.dispose();
    logits.dispose();
  });
});
