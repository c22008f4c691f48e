import type * as tf from '@tensorflow/tfjs-core';
import { DatasetValueError } from '../errors/errors.js';
import { locateDataset, type SourceOptions } from '../io/locate.js';
import { checkTestSplit, loadRegressionSplit } from './housing-split.js';
import { KERAS_ORIGIN, type LoadedData } from './types.js';

/** Options for {@link californiaHousing}`.loadData`. */
export interface CaliforniaHousingOptions extends SourceOptions {
  /** `'large'` (all 20,640 samples) or `'small'` (the first 600). Default `'large'`. */
  version?: 'large' | 'small';
  /** Fraction of the data reserved for testing, in [0, 1). Default 0.2. */
  testSplit?: number;
  /** Shuffling seed, as `np.random.RandomState(seed)`. Default 113. */
  seed?: number;
}

const FILE = {
  name: 'california_housing.npz',
  url: `${KERAS_ORIGIN}california_housing.npz`,
  hash: '1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f',
};

/**
 * The California Housing prices (StatLib, 1990 census): 20,640 block groups with 8 features
 * (MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude); targets are
 * median house values in dollars.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `x` float32 `[n, 8]`, `y`
 * float32 `[n]`. `version: 'small'` keeps the first 600 samples before shuffling, as Keras does.
 */
export const californiaHousing = {
  /** Loads California Housing; see {@link californiaHousing}. */
  async loadData(options: CaliforniaHousingOptions = {}): Promise<LoadedData<tf.Tensor2D, tf.Tensor1D>> {
    const version = options.version ?? 'large';
    if (version !== 'large' && version !== 'small') {
      throw new DatasetValueError(`californiaHousing.loadData: version must be 'small' or 'large', got '${String(version)}'.`);
    }
    const testSplit = options.testSplit ?? 0.2;
    checkTestSplit(testSplit, 'californiaHousing');
    const located = await locateDataset({ name: 'californiaHousing', layouts: [[[FILE.name]]], cacheSubdirectory: '', remote: [FILE] }, options);
    return loadRegressionSplit(located.files[0] ?? '', testSplit, options.seed ?? 113, version === 'small' ? 600 : undefined, options);
  },
};
