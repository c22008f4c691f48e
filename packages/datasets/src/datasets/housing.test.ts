import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { float64Bytes, npyBytes, npzBytes } from '../testing/npz-writer.test-utils.js';
import { bostonHousing } from './boston-housing.js';
import { californiaHousing } from './california-housing.js';

function regressionNpz(rows: number, features: number): Uint8Array {
  const x = Array.from({ length: rows * features }, (_, i) => Math.floor(i / features) * 100 + (i % features) + 0.5);
  const y = Array.from({ length: rows }, (_, i) => i * 1.25);
  return npzBytes({ x: npyBytes('<f8', [rows, features], float64Bytes(x)), y: npyBytes('<f8', [rows], float64Bytes(y)) });
}

describe('bostonHousing.loadData', () => {
  const path = join(folderWith({ 'boston_housing.npz': regressionNpz(12, 13) }), 'boston_housing.npz');

  it("shuffles with numpy's RandomState(113) and splits at floor(n * 0.8)", async () => {
    // numpy: RandomState(113).permutation(12) = [4, 3, 9, 8, 1, 0, 11, 7, 6, 10, 2, 5]; split 9.
    await expectNoLeak(
      () => bostonHousing.loadData({ path }),
      4,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect([xTrain.shape, xTrain.dtype, yTrain.shape, xTest.shape, yTest.shape]).toEqual([[9, 13], 'float32', [9], [3, 13], [3]]);
        expect(Array.from(yTrain.dataSync())).toEqual([4, 3, 9, 8, 1, 0, 11, 7, 6].map((row) => row * 1.25));
        expect(Array.from(yTest.dataSync())).toEqual([10, 2, 5].map((row) => row * 1.25));
        const firstTestRow = Array.from(xTest.dataSync().slice(0, 13));
        expect(firstTestRow).toEqual(Array.from({ length: 13 }, (_, j) => 1000 + j + 0.5));
      },
    );
  });

  it('honours seed and testSplit, and rejects testSplit outside [0, 1)', async () => {
    // numpy: RandomState(7).permutation(12) = [7, 10, 2, 5, 0, 1, 11, 8, 3, 6, 9, 4]; split floor(12 * 0.75) = 9.
    await expectNoLeak(
      () => bostonHousing.loadData({ path, seed: 7, testSplit: 0.25 }),
      4,
      ([, [, yTest]]) => {
        expect(Array.from(yTest.dataSync())).toEqual([6, 9, 4].map((row) => row * 1.25));
      },
    );
    await expect(bostonHousing.loadData({ path, testSplit: -0.1 })).rejects.toThrow(/bostonHousing\.loadData: testSplit must be in \[0, 1\)/);
  });
});

describe('californiaHousing.loadData', () => {
  const path = join(folderWith({ 'california_housing.npz': regressionNpz(700, 8) }), 'california_housing.npz');

  it("keeps the first 600 rows for version 'small', then shuffles like Keras", async () => {
    // numpy: RandomState(113).permutation(600) starts [568, 505, 59, 71]; [478:482] = [234, 223, 163, 161].
    await expectNoLeak(
      () => californiaHousing.loadData({ path, version: 'small' }),
      4,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect([xTrain.shape, yTrain.shape, xTest.shape, yTest.shape]).toEqual([[480, 8], [480], [120, 8], [120]]);
        const train = yTrain.dataSync();
        expect(Array.from(train.slice(0, 4))).toEqual([568, 505, 59, 71].map((row) => row * 1.25));
        expect(Array.from(train.slice(478, 480))).toEqual([234, 223].map((row) => row * 1.25));
        expect(Array.from(yTest.dataSync().slice(0, 2))).toEqual([163, 161].map((row) => row * 1.25));
      },
    );
  });

  it("uses every row for 'large' and rejects an unknown version", async () => {
    await expectNoLeak(
      () => californiaHousing.loadData({ path }),
      4,
      ([[xTrain], [xTest]]) => {
        expect([xTrain.shape[0], xTest.shape[0]]).toEqual([560, 140]);
      },
    );
    await expect(californiaHousing.loadData({ path, version: 'tiny' as 'small' })).rejects.toThrow(/version must be 'small' or 'large', got 'tiny'/);
  });
});
