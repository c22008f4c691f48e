import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { DatasetFormatError } from '../errors/errors.js';
import type { InflateOptions } from '../formats/inflate.js';
import { readPickle } from '../formats/pickle.js';
import { ArrayStub } from '../formats/pickle-numpy.js';
import { readTar } from '../formats/tar.js';
import type { LoadedData } from './types.js';

const SIDE = 32;
const PIXELS = SIDE * SIDE;

/** One CIFAR batch: images still channels-first, as stored, and labels. */
export interface CifarBatch {
  /** `[n, 3072]` bytes: 1024 red, 1024 green, 1024 blue values per image. */
  readonly data: Uint8Array;
  /** One label per image. */
  readonly labels: readonly number[];
}

/**
 * Parses a CIFAR "python version" batch: a pickled dict with `data` (uint8 `[n, 3072]`) and the
 * label list under `labelKey` (`labels`, `fine_labels` or `coarse_labels`).
 * @throws DatasetFormatError when keys are missing or the shapes disagree.
 */
export function parseCifarBatch(bytes: Uint8Array, where: string, labelKey: string): CifarBatch {
  const batch = readPickle(bytes, where);
  if (batch === null || typeof batch !== 'object' || Array.isArray(batch) || batch instanceof Uint8Array) {
    throw new DatasetFormatError(`${where}: a CIFAR batch must be a pickled dict.`);
  }
  const record = batch as Record<string, unknown>;
  const data = record['data'];
  const labels = record[labelKey];
  if (!(data instanceof ArrayStub) || !(data.data instanceof Uint8Array) || data.shape.length !== 2 || data.shape[1] !== 3 * PIXELS) {
    throw new DatasetFormatError(`${where}: expected b'data' to be a uint8 array of shape [n, 3072].`);
  }
  const labelList = labels instanceof ArrayStub && !Array.isArray(labels.data) ? Array.from(labels.data as ArrayLike<number | bigint>, Number) : labels;
  if (!Array.isArray(labelList) || labelList.length !== data.shape[0] || !labelList.every((label) => Number.isInteger(label))) {
    throw new DatasetFormatError(
      `${where}: expected b'${labelKey}' to be a list of ${data.shape[0]} integer labels; found keys ${Object.keys(record).join(', ')}.`,
    );
  }
  return { data: data.data, labels: labelList as number[] };
}

/**
 * Reads CIFAR batches: from the `.tar.gz` archive when `files` is that one archive (taking
 * `members`), else from the extracted batch files, in order. `inflate.maxInflatedBytes` bounds
 * the decompressed archive.
 */
export async function readCifarBatches(
  files: readonly string[],
  members: readonly string[],
  labelKey: string,
  inflate: InflateOptions = {},
): Promise<CifarBatch[]> {
  if (files.length === 1) {
    const archive = files[0] ?? '';
    const entries = readTar(await readFile(archive), archive, inflate);
    return members.map((member) => {
      const content = entries.get(member);
      if (!content) throw new DatasetFormatError(`${archive}: the archive has no member '${member}'.`);
      return parseCifarBatch(content, `${archive}:${member}`, labelKey);
    });
  }
  return Promise.all(files.map(async (file) => parseCifarBatch(await readFile(file), file, labelKey)));
}

/**
 * Stacks batches into Keras's channels-last tensors: x int32 `[n, 32, 32, 3]`, y int32 `[n, 1]`.
 */
export function cifarTensors(batches: readonly CifarBatch[]): [tf.Tensor4D, tf.Tensor2D] {
  const count = batches.reduce((total, batch) => total + batch.labels.length, 0);
  const images = new Int32Array(count * 3 * PIXELS);
  const labels = new Int32Array(count);
  let image = 0;
  for (const batch of batches) {
    for (let i = 0; i < batch.labels.length; i++, image++) {
      labels[image] = batch.labels[i] ?? 0;
      const source = i * 3 * PIXELS;
      const target = image * 3 * PIXELS;
      for (let pixel = 0; pixel < PIXELS; pixel++) {
        for (let channel = 0; channel < 3; channel++) {
          images[target + pixel * 3 + channel] = batch.data[source + channel * PIXELS + pixel] ?? 0;
        }
      }
    }
  }
  return [tf.tensor4d(images, [count, SIDE, SIDE, 3], 'int32'), tf.tensor2d(labels, [count, 1], 'int32')];
}

/** Builds `[[xTrain, yTrain], [xTest, yTest]]` from train and test batches. */
export function cifarData(train: readonly CifarBatch[], test: readonly CifarBatch[]): LoadedData<tf.Tensor4D, tf.Tensor2D> {
  const trainTensors = cifarTensors(train);
  return [trainTensors, cifarTensors(test)];
}
