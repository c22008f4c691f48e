import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, folderWith } from '../testing/fixtures.test-utils.js';
import { tarBytes } from '../testing/npz-writer.test-utils.js';
import { pickleCifarBatch } from '../testing/pickle-writer.test-utils.js';
import { cifar10 } from './cifar10.js';
import { cifar100 } from './cifar100.js';

/** `count` images whose byte at (image, channel, row, column) is a known function of them. */
function images(count: number, salt: number): Uint8Array {
  const data = new Uint8Array(count * 3072);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + salt) % 251;
  return data;
}

/** Checks channels-last layout against the channels-first source with an explicit loop. */
function expectChannelsLast(x: tf.Tensor, sources: Uint8Array[]): void {
  const values = x.dataSync();
  let image = 0;
  for (const source of sources) {
    for (let i = 0; i < source.length / 3072; i++, image++) {
      for (const [row, column, channel] of [
        [0, 0, 0],
        [5, 17, 1],
        [31, 31, 2],
        [12, 3, 2],
      ] as const) {
        const expected = source[i * 3072 + channel * 1024 + row * 32 + column];
        expect(values[((image * 32 + row) * 32 + column) * 3 + channel]).toBe(expected);
      }
    }
  }
}

describe('cifar10.loadData', () => {
  const trainBatches = [1, 2, 3, 4, 5].map((n) => images(1, n));
  const testImages = images(2, 99);
  const members: Record<string, Uint8Array> = {};
  trainBatches.forEach((data, i) => {
    members[`cifar-10-batches-py/data_batch_${i + 1}`] = pickleCifarBatch(data, { labels: [i] });
  });
  members['cifar-10-batches-py/test_batch'] = pickleCifarBatch(testImages, { labels: [8, 9] });

  it('reads the .tar.gz archive directly, channels last, labels [n, 1]', async () => {
    const folder = folderWith({ 'cifar-10-python.tar.gz': gzipSync(tarBytes(members)) });
    await expectNoLeak(
      () => cifar10.loadData({ path: join(folder, 'cifar-10-python.tar.gz') }),
      4,
      ([[xTrain, yTrain], [xTest, yTest]]) => {
        expect([xTrain.shape, xTrain.dtype, yTrain.shape, yTrain.dtype]).toEqual([[5, 32, 32, 3], 'int32', [5, 1], 'int32']);
        expect([xTest.shape, yTest.shape]).toEqual([
          [2, 32, 32, 3],
          [2, 1],
        ]);
        expect(Array.from(yTrain.dataSync())).toEqual([0, 1, 2, 3, 4]);
        expect(Array.from(yTest.dataSync())).toEqual([8, 9]);
        expectChannelsLast(xTrain, trainBatches);
        expectChannelsLast(xTest, [testImages]);
      },
    );
  });

  it('reads an extracted cifar-10-batches-py folder', async () => {
    const folder = folderWith({});
    mkdirSync(join(folder, 'cifar-10-batches-py'));
    for (const [name, content] of Object.entries(members)) writeFileSync(join(folder, name), content);
    await expectNoLeak(
      () => cifar10.loadData({ path: folder }),
      4,
      ([[xTrain], [, yTest]]) => {
        expectChannelsLast(xTrain, trainBatches);
        expect(Array.from(yTest.dataSync())).toEqual([8, 9]);
      },
    );
  });

  it('rejects a batch without labels', async () => {
    const broken = { ...members, 'cifar-10-batches-py/test_batch': pickleCifarBatch(testImages, { fine_labels: [1, 2] }) };
    const folder = folderWith({ 'cifar-10-python.tar.gz': gzipSync(tarBytes(broken)) });
    await expect(cifar10.loadData({ path: folder })).rejects.toThrow(/expected b'labels' to be a list of 2 integer labels; found keys/);
  });
});

describe('cifar100.loadData', () => {
  const train = images(3, 1);
  const test = images(1, 2);
  const archive = gzipSync(
    tarBytes({
      'cifar-100-python/train': pickleCifarBatch(train, { fine_labels: [50, 60, 99], coarse_labels: [5, 6, 19] }),
      'cifar-100-python/test': pickleCifarBatch(test, { fine_labels: [7], coarse_labels: [1] }),
    }),
  );
  const folder = folderWith({ 'cifar-100-python.tar.gz': archive });

  it('returns fine labels by default and coarse labels on request', async () => {
    await expectNoLeak(
      () => cifar100.loadData({ path: folder }),
      4,
      ([[xTrain, yTrain], [, yTest]]) => {
        expect(xTrain.shape).toEqual([3, 32, 32, 3]);
        expect(Array.from(yTrain.dataSync())).toEqual([50, 60, 99]);
        expect(Array.from(yTest.dataSync())).toEqual([7]);
        expectChannelsLast(xTrain, [train]);
      },
    );
    await expectNoLeak(
      () => cifar100.loadData({ path: folder, labelMode: 'coarse' }),
      4,
      ([[, yTrain]]) => {
        expect(Array.from(yTrain.dataSync())).toEqual([5, 6, 19]);
      },
    );
  });

  it('rejects an unknown labelMode', async () => {
    await expect(cifar100.loadData({ path: folder, labelMode: 'medium' as 'fine' })).rejects.toThrow(/labelMode must be 'fine' or 'coarse', got 'medium'/);
  });
});
