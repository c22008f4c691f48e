import type * as tf from '@tensorflow/tfjs-core';
import { locateDataset, type SourceOptions } from '../io/locate.js';
import { checkTestSplit, loadRegressionSplit } from './housing-split.js';
import { KERAS_ORIGIN, type LoadedData } from './types.js';

/** Options for {@link bostonHousing}`.loadData`. */
export interface BostonHousingOptions extends SourceOptions {
  /** Fraction of the data reserved for testing, in [0, 1). Default 0.2. */
  testSplit?: number;
  /** Shuffling seed, as `np.random.RandomState(seed)`. Default 113. */
  seed?: number;
}

const FILE = {
  name: 'boston_housing.npz',
  url: `${KERAS_ORIGIN}boston_housing.npz`,
  hash: 'f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5',
};

/**
 * The Boston Housing prices (StatLib): 506 samples of 13 attributes; targets are median values in
 * k$. Keras warns that the dataset has an ethical problem (its "B" attribute); prefer
 * `californiaHousing` outside teaching about that problem.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `x` float32 `[n, 13]`, `y`
 * float32 `[n]` (Keras returns float64). With the defaults, 404 train and 102 test samples, the
 * same split Keras makes (numpy `RandomState(113)` shuffle).
 */
export const bostonHousing = {
  /** Loads Boston Housing; see {@link bostonHousing}. */
  async loadData(options: BostonHousingOptions = {}): Promise<LoadedData<tf.Tensor2D, tf.Tensor1D>> {
    const testSplit = options.testSplit ?? 0.2;
    checkTestSplit(testSplit, 'bostonHousing');
    const located = await locateDataset({ name: 'bostonHousing', layouts: [[[FILE.name]]], cacheSubdirectory: '', remote: [FILE] }, options);
    return loadRegressionSplit(located.files[0] ?? '', testSplit, options.seed ?? 113, undefined, options);
  },
};
