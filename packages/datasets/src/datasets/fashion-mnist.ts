import { readFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs-core';
import { type DatasetSource, locateDataset, type SourceOptions } from '../io/locate.js';
import { debianFashionMnistPackage } from '../io/packaged-sources.js';
import { IDX_LAYOUT, readImageSet } from './image-set.js';
import { KERAS_ORIGIN, type LoadedData } from './types.js';

/** Options for {@link fashionMnist}`.loadData`: only where to find the data. */
export type FashionMnistOptions = SourceOptions;

// sha256 of each gzipped file on Keras's mirror, as Keras checks them.
const FILE_HASHES: Record<string, string> = {
  'train-images-idx3-ubyte.gz': '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
  'train-labels-idx1-ubyte.gz': 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
  't10k-images-idx3-ubyte.gz': '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
  't10k-labels-idx1-ubyte.gz': '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
};

const FASHION_MNIST_SOURCE: DatasetSource = {
  name: 'fashionMnist',
  layouts: [IDX_LAYOUT],
  cacheSubdirectory: 'fashion-mnist',
  remote: Object.entries(FILE_HASHES).map(([name, hash]) => ({ name, url: `${KERAS_ORIGIN}${name}`, hash })),
  packaged: () => [debianFashionMnistPackage()],
};

/** Fashion-MNIST's class names, indexed by label. */
export const FASHION_MNIST_CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test 28×28 grey images of 10 clothing
 * classes ({@link FASHION_MNIST_CLASS_NAMES}), a drop-in replacement for MNIST.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain` int32
 * `[60000, 28, 28]`, `xTest` int32 `[10000, 28, 28]` (pixels 0–255), `yTrain` int32 `[60000]`,
 * `yTest` int32 `[10000]` (labels 0–9).
 *
 * Sources, in order: `path` (a folder with the four IDX files, raw or `.gz`); the cache folder's
 * `fashion-mnist/`; Debian's `dataset-fashion-mnist` package (found through its dpkg file list);
 * a download of Keras's four `.gz` files (sha256-verified) into the cache.
 */
export const fashionMnist = {
  /** Loads Fashion-MNIST; see {@link fashionMnist}. */
  async loadData(options: FashionMnistOptions = {}): Promise<LoadedData<tf.Tensor3D, tf.Tensor1D>> {
    const located = await locateDataset(FASHION_MNIST_SOURCE, options);
    return readImageSet(located.files, readFile, options);
  },
};
