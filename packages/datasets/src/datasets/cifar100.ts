import type * as tf from '@tensorflow/tfjs-core';
import { DatasetValueError } from '../errors/errors.js';
import { locateDataset, type SourceOptions } from '../io/locate.js';
import { cifarData, readCifarBatches } from './cifar-batch.js';
import type { LoadedData } from './types.js';

/** Options for {@link cifar100}`.loadData`. */
export interface Cifar100Options extends SourceOptions {
  /** `'fine'` for the 100 classes, `'coarse'` for the 20 superclasses. Default `'fine'`. */
  labelMode?: 'fine' | 'coarse';
}

const FOLDER = 'cifar-100-python';
const ARCHIVE = {
  name: 'cifar-100-python.tar.gz',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz',
  hash: '85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7',
};

/**
 * CIFAR-100: 50,000 training and 10,000 test 32×32 colour images in 100 fine classes grouped
 * into 20 coarse superclasses.
 *
 * `loadData({ labelMode })` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain` int32
 * `[50000, 32, 32, 3]`, `xTest` int32 `[10000, 32, 32, 3]` (channels last, 0–255), `yTrain`
 * int32 `[50000, 1]`, `yTest` int32 `[10000, 1]` (0–99 fine, or 0–19 coarse).
 *
 * Sources: `path` (the `cifar-100-python.tar.gz` archive, a folder holding it, the
 * `cifar-100-python` folder, or a folder with its `train` and `test` files); the cache folder; a
 * download of the archive from the CIFAR site (sha256-verified).
 */
export const cifar100 = {
  /** Loads CIFAR-100; see {@link cifar100}. */
  async loadData(options: Cifar100Options = {}): Promise<LoadedData<tf.Tensor4D, tf.Tensor2D>> {
    const labelMode = options.labelMode ?? 'fine';
    if (labelMode !== 'fine' && labelMode !== 'coarse') {
      throw new DatasetValueError(`cifar100.loadData: labelMode must be 'fine' or 'coarse', got '${String(labelMode)}'.`);
    }
    const located = await locateDataset(
      {
        name: 'cifar100',
        layouts: [[[ARCHIVE.name]], [[`${FOLDER}/train`], [`${FOLDER}/test`]], [['train'], ['test']]],
        cacheSubdirectory: '',
        remote: [ARCHIVE],
      },
      options,
    );
    const [train, test] = await readCifarBatches(located.files, [`${FOLDER}/train`, `${FOLDER}/test`], `${labelMode}_labels`, options);
    return cifarData(train ? [train] : [], test ? [test] : []);
  },
};
