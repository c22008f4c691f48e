import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as datasets from './index.js';

describe('@keras-ts/datasets entry point', () => {
  it('exports every dataset with loadData, and the word-index helpers', () => {
    for (const dataset of [
      datasets.mnist,
      datasets.fashionMnist,
      datasets.reuters,
      datasets.imdb,
      datasets.cifar10,
      datasets.cifar100,
      datasets.bostonHousing,
      datasets.californiaHousing,
    ]) {
      expect(typeof dataset.loadData).toBe('function');
    }
    expect(typeof datasets.reuters.getWordIndex).toBe('function');
    expect(typeof datasets.imdb.getWordIndex).toBe('function');
  });

  it('re-exports toCategorical from @keras-ts/core (one-hot rows)', () => {
    const before = tf.memory().numTensors;
    const oneHot = datasets.toCategorical([2, 0], 3);
    expect(oneHot.arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    oneHot.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
