import '@tensorflow/tfjs-backend-cpu';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { debianFashionMnistPackage } from '../io/packaged-sources.js';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { idxBytes } from '../testing/npz-writer.test-utils.js';
import { fashionMnist } from './fashion-mnist.js';

// md5 of the official Fashion-MNIST files after decompression (Zalando's release). Debian re-gzipped
// the files, so the .gz hashes differ, but the decompressed content must not.
const OFFICIAL_MD5 = {
  'train-images-idx3-ubyte': 'f4a8712d7a061bf5bd6d2ca38dc4d50a',
  'train-labels-idx1-ubyte': '9018921c3c673c538a1fc5bad174d6f9',
  't10k-images-idx3-ubyte': '8181f5470baa50b63fa0f6fddb340f0a',
  't10k-labels-idx1-ubyte': '15d484375f8d13e6eb1aabb0c3f46965',
};

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const asIdxMd5 = (tensor: tf.Tensor) => md5(idxBytes(tensor.shape, Uint8Array.from(tensor.dataSync())));
const debian = debianFashionMnistPackage().directory;

describe('fashionMnist.loadData', () => {
  it.skipIf(debian === undefined)(
    "loads the real Fashion-MNIST from Debian's dataset-fashion-mnist (skipped when that Debian package is not installed)",
    async () => {
      const directory = debian ?? '';
      for (const [name, hash] of Object.entries(OFFICIAL_MD5)) {
        expect(md5(gunzipSync(readFileSync(join(directory, `${name}.gz`))))).toBe(hash);
      }
      await expectNoLeak(
        () => fashionMnist.loadData({ cacheDir: folderWith({}) }),
        4,
        ([[xTrain, yTrain], [xTest, yTest]]) => {
          expect([xTrain.shape, xTrain.dtype, yTrain.shape, yTrain.dtype]).toEqual([[60000, 28, 28], 'int32', [60000], 'int32']);
          expect([xTest.shape, yTest.shape]).toEqual([[10000, 28, 28], [10000]]);
          const counts = (labels: tf.Tensor) => {
            const out = new Array<number>(10).fill(0);
            for (const label of labels.dataSync()) out[label] = (out[label] ?? 0) + 1;
            return out;
          };
          expect(counts(yTrain)).toEqual(new Array(10).fill(6000));
          expect(counts(yTest)).toEqual(new Array(10).fill(1000));
          expect(asIdxMd5(xTrain)).toBe(OFFICIAL_MD5['train-images-idx3-ubyte']);
          expect(asIdxMd5(yTrain)).toBe(OFFICIAL_MD5['train-labels-idx1-ubyte']);
          expect(asIdxMd5(xTest)).toBe(OFFICIAL_MD5['t10k-images-idx3-ubyte']);
          expect(asIdxMd5(yTest)).toBe(OFFICIAL_MD5['t10k-labels-idx1-ubyte']);
        },
      );
    },
  );

  it('rejects a single file as path, since the dataset has four', async () => {
    const folder = folderWith({ 'x.npz': new Uint8Array(4) });
    await expect(fashionMnist.loadData({ path: join(folder, 'x.npz') })).rejects.toThrow(/is a file, but this dataset has several files/);
  });
});
