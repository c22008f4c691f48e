import * as tf from '@tensorflow/tfjs-core';
import { DatasetFormatError } from '../errors/errors.js';
import { readIdx } from '../formats/idx.js';
import type { NdArray } from '../formats/ndarray.js';
import { toInt32Array } from '../formats/ndarray.js';
import type { InflateOptions } from '../formats/inflate.js';
import { readNpz } from '../formats/npz.js';
import type { FileLayout } from '../io/locate.js';
import type { LoadedData } from './types.js';

/** The four IDX files of MNIST and Fashion-MNIST, raw or gzipped, in the order they are read. */
export const IDX_LAYOUT: FileLayout = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((name) => [
  name,
  `${name}.gz`,
  name.replace('-idx', '.idx'),
]);

function imagesAndLabels(images: NdArray, labels: NdArray, where: string): [tf.Tensor3D, tf.Tensor1D] {
  const [count, height, width] = images.shape;
  if (images.shape.length !== 3 || labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw new DatasetFormatError(
      `${where}: expected images [n, height, width] and labels [n], got images [${images.shape.join(', ')}] and labels [${labels.shape.join(', ')}].`,
    );
  }
  const x = tf.tensor3d(toInt32Array(images, where), [count ?? 0, height ?? 0, width ?? 0], 'int32');
  const y = tf.tensor1d(toInt32Array(labels, where), 'int32');
  return [x, y];
}

/**
 * Reads an MNIST-style image set either from Keras's `.npz` (arrays `x_train`, `y_train`,
 * `x_test`, `y_test`) or from the four IDX files, into int32 tensors. `inflate.maxInflatedBytes`
 * bounds each decompressed member.
 */
export async function readImageSet(
  files: readonly string[],
  readFile: (path: string) => Promise<Uint8Array>,
  inflate: InflateOptions = {},
): Promise<LoadedData<tf.Tensor3D, tf.Tensor1D>> {
  let arrays: [NdArray, NdArray, NdArray, NdArray];
  let where: string;
  if (files.length === 1) {
    where = files[0] ?? '';
    const npz = readNpz(await readFile(where), where, ['x_train', 'y_train', 'x_test', 'y_test'], inflate);
    arrays = [npz['x_train'], npz['y_train'], npz['x_test'], npz['y_test']] as [NdArray, NdArray, NdArray, NdArray];
  } else {
    where = files.join(', ');
    const ranks = [3, 1, 3, 1];
    arrays = (await Promise.all(files.map(async (file, i) => readIdx(await readFile(file), file, ranks[i], inflate)))) as [NdArray, NdArray, NdArray, NdArray];
  }
  const train = imagesAndLabels(arrays[0], arrays[1], where);
  try {
    return [train, imagesAndLabels(arrays[2], arrays[3], where)];
  } catch (error) {
    tf.dispose(train);
    throw error;
  }
}
