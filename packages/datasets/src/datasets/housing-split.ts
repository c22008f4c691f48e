import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { DatasetFormatError, DatasetValueError } from '../errors/errors.js';
import { type NdArray, toFloat32Array } from '../formats/ndarray.js';
import type { InflateOptions } from '../formats/inflate.js';
import { readNpz } from '../formats/npz.js';
import { NumpyRandomState } from '../random/numpy-random-state.js';
import type { LoadedData } from './types.js';

/** Checks Keras's `testSplit` range, naming the dataset. */
export function checkTestSplit(testSplit: number, dataset: string): void {
  if (!(testSplit >= 0 && testSplit < 1)) {
    throw new DatasetValueError(`${dataset}.loadData: testSplit must be in [0, 1) (0 <= testSplit < 1), got ${testSplit}.`);
  }
}

/**
 * Reads a regression `.npz` (`x` `[n, features]`, `y` `[n]`), keeps the first `limit` rows when
 * given, shuffles with numpy's `RandomState(seed)` and splits at `floor(n * (1 - testSplit))`,
 * exactly as Keras's housing loaders do. Tensors are float32.
 */
export async function loadRegressionSplit(
  file: string,
  testSplit: number,
  seed: number,
  limit?: number,
  inflate: InflateOptions = {},
): Promise<LoadedData<tf.Tensor2D, tf.Tensor1D>> {
  const arrays = readNpz(await readFile(file), file, ['x', 'y'], inflate);
  const x = arrays['x'] as NdArray;
  const y = arrays['y'] as NdArray;
  const [rows = 0, features = 0] = x.shape;
  if (x.shape.length !== 2 || y.shape.length !== 1 || y.shape[0] !== rows) {
    throw new DatasetFormatError(`${file}: expected x [n, features] and y [n], got x [${x.shape.join(', ')}] and y [${y.shape.join(', ')}].`);
  }
  const n = limit === undefined ? rows : Math.min(limit, rows);
  const xValues = toFloat32Array(x, `${file}:x`);
  const yValues = toFloat32Array(y, `${file}:y`);
  const order = new NumpyRandomState(seed).permutation(n);
  const split = Math.floor(n * (1 - testSplit));
  const part = (indices: number[]): [tf.Tensor2D, tf.Tensor1D] => {
    const features2d = new Float32Array(indices.length * features);
    const targets = new Float32Array(indices.length);
    indices.forEach((row, i) => {
      features2d.set(xValues.subarray(row * features, (row + 1) * features), i * features);
      targets[i] = yValues[row] ?? 0;
    });
    return [tf.tensor2d(features2d, [indices.length, features], 'float32'), tf.tensor1d(targets, 'float32')];
  };
  return [part(order.slice(0, split)), part(order.slice(split))];
}
