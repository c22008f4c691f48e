import type * as tf from '@tensorflow/tfjs-core';
import { locateDataset, type SourceOptions } from '../io/locate.js';
import { cifarData, readCifarBatches } from './cifar-batch.js';
import type { LoadedData } from './types.js';

/** Options for {@link cifar10}`.loadData`: only where to find the data. */
export type Cifar10Options = SourceOptions;

const BATCHES = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch'];
const FOLDER = 'cifar-10-batches-py';
const ARCHIVE = {
  name: 'cifar-10-python.tar.gz',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
  hash: '6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce',
};

/** CIFAR-10's class names, indexed by label. */
export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/**
 * CIFAR-10: 50,000 training and 10,000 test 32×32 colour images in 10 classes
 * ({@link CIFAR10_CLASS_NAMES}).
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain` int32
 * `[50000, 32, 32, 3]` and `xTest` int32 `[10000, 32, 32, 3]` (channels last, values 0–255;
 * Keras returns uint8), `yTrain` int32 `[50000, 1]` and `yTest` int32 `[10000, 1]`.
 *
 * Sources: `path` (the `cifar-10-python.tar.gz` archive, or a folder holding it, the
 * `cifar-10-batches-py` folder, or the six batch files); the cache folder; a download of the
 * archive from the CIFAR site (sha256-verified), read directly without extracting it.
 */
export const cifar10 = {
  /** Loads CIFAR-10; see {@link cifar10}. */
  async loadData(options: Cifar10Options = {}): Promise<LoadedData<tf.Tensor4D, tf.Tensor2D>> {
    const located = await locateDataset(
      {
        name: 'cifar10',
        layouts: [[[ARCHIVE.name]], BATCHES.map((batch) => [`${FOLDER}/${batch}`]), BATCHES.map((batch) => [batch])],
        cacheSubdirectory: '',
        remote: [ARCHIVE],
      },
      options,
    );
    const batches = await readCifarBatches(
      located.files,
      BATCHES.map((batch) => `${FOLDER}/${batch}`),
      'labels',
      options,
    );
    return cifarData(batches.slice(0, 5), batches.slice(5));
  },
};
