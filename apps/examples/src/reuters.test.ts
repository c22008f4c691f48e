import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setRandomSeed } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
// The datasets package's own writers, so the file is in Keras's real format (an .npz whose x is a
// pickled numpy object array of int lists and whose y is int64).
import { int64Bytes, npyBytes, npzBytes } from '../../../packages/datasets/src/testing/npz-writer.test-utils.js';
import { pickleObjectArray } from '../../../packages/datasets/src/testing/pickle-writer.test-utils.js';
import { reutersExample } from './reuters.js';

// 400 newswires of 5–24 words drawn from a 150-word vocabulary, 46 topics.
const VOCABULARY = Array.from({ length: 150 }, (_, rank) => `word${rank + 1}`);
let state = 7;
const next = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const RAW = Array.from({ length: 400 }, () => Array.from({ length: 5 + Math.floor(next() * 20) }, () => 1 + Math.floor(next() * VOCABULARY.length)));
const LABELS = RAW.map((_, i) => i % 46);

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keras-ts-reuters-example-'));
  const npz = npzBytes({ x: npyBytes('|O', [RAW.length], pickleObjectArray(RAW, 2)), y: npyBytes('<i8', [LABELS.length], int64Bytes(LABELS)) });
  writeFileSync(join(folder, 'reuters.npz'), npz);
  writeFileSync(join(folder, 'reuters_word_index.json'), JSON.stringify(Object.fromEntries(VOCABULARY.map((word, rank) => [word, rank + 1]))));
  return folder;
}

describe('reuters example', () => {
  it('trains on a generated reuters.npz, writes the history PNG and reports consistent predictions', async () => {
    await tf.setBackend('cpu');
    setRandomSeed(123);
    const outDir = mkdtempSync(join(tmpdir(), 'keras-ts-reuters-out-'));
    const before = tf.memory().numTensors;
    const result = await reutersExample({ epochs: 2, outDir, dataDir: dataFolder(), validationSize: 100 });
    expect(tf.memory().numTensors).toBe(before);

    // Keras's loader prepends the start character (1) and shifts ranks by 3; the decoder maps the
    // start character to '?' and rank r back to word r. So the text is '?' plus some newswire's words.
    const expectedTexts = new Set(RAW.map((sequence) => ['?', ...sequence.map((rank) => `word${rank}`)].join(' ')));
    expect(expectedTexts.has(result.firstNewswire)).toBe(true);

    // 400 newswires: 320 train (100 held out for validation), 80 test.
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
      const values = result.history[key] ?? [];
      expect(values).toHaveLength(2);
      for (const value of values) expect(Number.isFinite(value)).toBe(true);
    }
    for (const value of [...(result.history.accuracy ?? []), ...(result.history.val_accuracy ?? [])]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(result.predictedTopics).toHaveLength(80);
    expect(result.testTopics).toHaveLength(80);
    for (const topic of result.predictedTopics) expect(Number.isInteger(topic) && topic >= 0 && topic < 46).toBe(true);
    const matches = result.predictedTopics.filter((topic, i) => topic === result.testTopics[i]).length;
    expect(result.testAccuracy).toBeCloseTo(matches / 80, 6);

    const png = readFileSync(result.historyPlot);
    expect(result.historyPlot).toBe(join(outDir, 'reuters-history.png'));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('names reuters.npz and the places searched when the data is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'keras-ts-reuters-empty-'));
    const before = tf.memory().numTensors;
    await expect(reutersExample({ epochs: 1, outDir: empty, dataDir: empty })).rejects.toThrow(/reuters\.npz/);
    await expect(reutersExample({ epochs: 1, outDir: empty, dataDir: empty })).rejects.toThrow(empty);
    expect(tf.memory().numTensors).toBe(before);
  });
});
