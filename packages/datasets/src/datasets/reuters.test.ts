import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { int64Bytes, npyBytes, npzBytes } from '../testing/npz-writer.test-utils.js';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { pickleObjectArray } from '../testing/pickle-writer.test-utils.js';
import { reuters } from './reuters.js';

// Raw word ranks before Keras's processing, and one label each.
const RAW = [[1, 2, 3], [4, 5], [1, 1, 6, 7], [2], [8, 1]];
const LABELS = [10, 11, 12, 13, 14];
const folder = folderWith({
  'reuters.npz': npzBytes({ x: npyBytes('|O', [5], pickleObjectArray(RAW, 2)), y: npyBytes('<i8', [5], int64Bytes(LABELS)) }),
  'reuters_word_index.json': new TextEncoder().encode(JSON.stringify({ the: 1, of: 2, to: 3 })),
});
const path = join(folder, 'reuters.npz');

describe('reuters.loadData', () => {
  it('applies shuffle, start/offset, the numWords default and the split as worked out by hand', async () => {
    // RandomState(113).permutation(5) = [1, 0, 3, 2, 4] (numpy). After start 1 and offset 3:
    // [1,7,8] [1,4,5,6] [1,5] [1,4,4,9,10] [1,11,4]. numWords unset → max 11, so 11 → oov 2.
    // Split at floor(5 * 0.8) = 4.
    await expectNoLeak(
      () => reuters.loadData({ path }),
      2,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect(xTrain).toEqual([
          [1, 7, 8],
          [1, 4, 5, 6],
          [1, 5],
          [1, 4, 4, 9, 10],
        ]);
        expect(xTest).toEqual([[1, 2, 4]]);
        expect(yTrain.dtype).toBe('int32');
        expect(Array.from(yTrain.dataSync())).toEqual([11, 10, 13, 12]);
        expect(Array.from(yTest.dataSync())).toEqual([14]);
      },
    );
  });

  it('applies maxlen, numWords, skipTop and oovChar like Keras', async () => {
    // maxlen 4 keeps lengths < 4: [1,7,8] [1,5] [1,11,4] (labels 11, 13, 14). Keep 4 <= w < 6, else 2
    // (the start character 1 also becomes 2). Split at floor(3 * 0.8) = 2.
    await expectNoLeak(
      () => reuters.loadData({ path, numWords: 6, skipTop: 4, maxlen: 4 }),
      2,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect(xTrain).toEqual([
          [2, 2, 2],
          [2, 5],
        ]);
        expect(xTest).toEqual([[2, 2, 4]]);
        expect(Array.from(yTrain.dataSync())).toEqual([11, 13]);
        expect(Array.from(yTest.dataSync())).toEqual([14]);
      },
    );
  });

  it('drops words when oovChar is null and adds nothing when startChar is null and indexFrom is 0', async () => {
    await expectNoLeak(
      () => reuters.loadData({ path, numWords: 5, startChar: null, oovChar: null, indexFrom: 0, testSplit: 0.2 }),
      2,
      ([[xTrain], [xTest]]) => {
        expect(xTrain).toEqual([[4], [1, 2, 3], [2], [1, 1]]);
        expect(xTest).toEqual([[1]]);
      },
    );
  });

  it('uses the seed as numpy does', async () => {
    const [[, yTrain], [, yTest]] = await reuters.loadData({ path, seed: 0, testSplit: 0.4 });
    // RandomState(0).permutation(5) = [2, 0, 1, 3, 4] (numpy); split floor(5 * 0.6) = 3.
    expect(Array.from(yTrain.dataSync())).toEqual([12, 10, 11]);
    expect(Array.from(yTest.dataSync())).toEqual([13, 14]);
    yTrain.dispose();
    yTest.dispose();
  });

  it('rejects bad options with the argument name', async () => {
    await expect(reuters.loadData({ path, testSplit: 1 })).rejects.toThrow(/reuters\.loadData: testSplit must be in \[0, 1\), got 1/);
    await expect(reuters.loadData({ path, numWords: -3 })).rejects.toThrow(/reuters\.loadData: numWords must be an integer >= 0, got -3/);
  });

  it('reads the word index', async () => {
    expect(await reuters.getWordIndex({ path: join(folder, 'reuters_word_index.json') })).toEqual({ the: 1, of: 2, to: 3 });
  });
});
