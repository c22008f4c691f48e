import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { int64Bytes, npyBytes, npzBytes } from '../testing/npz-writer.test-utils.js';
import { pickleObjectArray } from '../testing/pickle-writer.test-utils.js';
import { imdb } from './imdb.js';

const folder = folderWith({
  'imdb.npz': npzBytes({
    x_train: npyBytes('|O', [4], pickleObjectArray([[1, 2], [3], [4, 5, 6], [7]], 3)),
    y_train: npyBytes('<i8', [4], int64Bytes([0, 1, 0, 1])),
    x_test: npyBytes('|O', [3], pickleObjectArray([[2, 2], [9], [1, 3, 5]], 4)),
    y_test: npyBytes('<i8', [3], int64Bytes([1, 0, 1])),
  }),
});
const path = join(folder, 'imdb.npz');

describe('imdb.loadData', () => {
  it('shuffles train then test from one RandomState and offsets words, as worked out by hand', async () => {
    // numpy: RandomState(113).permutation(4) = [3, 2, 0, 1], then permutation(3) = [1, 0, 2].
    // Start 1, offset 3; numWords unset → max over both sets is 12, so 12 → oov 2.
    await expectNoLeak(
      () => imdb.loadData({ path }),
      2,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect(xTrain).toEqual([
          [1, 10],
          [1, 7, 8, 9],
          [1, 4, 5],
          [1, 6],
        ]);
        expect(Array.from(yTrain.dataSync())).toEqual([1, 0, 0, 1]);
        expect(xTest).toEqual([
          [1, 2],
          [1, 5, 5],
          [1, 4, 6, 8],
        ]);
        expect(Array.from(yTest.dataSync())).toEqual([0, 1, 1]);
        expect([yTrain.shape, yTest.shape, yTrain.dtype]).toEqual([[4], [3], 'int32']);
      },
    );
  });

  it('filters by maxlen in each set, then limits the vocabulary', async () => {
    await expectNoLeak(
      () => imdb.loadData({ path, maxlen: 3, numWords: 9 }),
      2,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect(xTrain).toEqual([
          [1, 2],
          [1, 6],
        ]);
        expect(Array.from(yTrain.dataSync())).toEqual([1, 1]);
        expect(xTest).toEqual([[1, 2]]);
        expect(Array.from(yTest.dataSync())).toEqual([0]);
      },
    );
  });

  it('says to increase maxlen when nothing is left', async () => {
    await expect(imdb.loadData({ path, maxlen: 1 })).rejects.toThrow(/no sequence was left\. Increase maxlen/);
  });
});
