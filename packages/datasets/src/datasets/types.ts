import type * as tf from '@tensorflow/tfjs-core';

/**
 * What every `loadData` resolves to, in Keras's structure: `[[xTrain, yTrain], [xTest, yTest]]`.
 * The caller owns the tensors and disposes them.
 */
export type LoadedData<X = tf.Tensor, Y = tf.Tensor> = [[X, Y], [X, Y]];

/** The base address of Keras's dataset mirror. */
export const KERAS_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';
