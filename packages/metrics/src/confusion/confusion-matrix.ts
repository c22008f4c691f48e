import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { formatShape, toFloat } from '../base/samplewise.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Weight of each (label, prediction) pair; shape of `labels`. Default: 1 each. */
  weights?: tf.Tensor;
  /** Result dtype. Default: `'int32'` (Keras's default); use `'float32'` for fractional weights. */
  dtype?: 'int32' | 'float32';
}

/**
 * Confusion matrix of class ids: entry `[i, j]` counts (or sums the weights of) samples whose
 * label is `i` and prediction is `j`; shape `[numClasses, numClasses]`. Ids outside
 * `[0, numClasses)` are not counted. Built from one-hot products, so it runs on any backend.
 */
export function confusionMatrix(labels: tf.Tensor, predictions: tf.Tensor, numClasses: number, options: ConfusionMatrixOptions = {}): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}.`);
  }
  return tf.tidy(() => {
    const [aligned, alignedPredictions] = squeezeOrExpandToSameRank(labels, predictions);
    if (aligned.size !== alignedPredictions.size) {
      throw new ShapeError(
        `confusionMatrix: labels and predictions must hold one class id per sample each, got shapes ${formatShape(labels.shape)} and ${formatShape(predictions.shape)}.`,
      );
    }
    const labelsOneHot = tf.oneHot(tf.cast(tf.reshape(aligned, [-1]), 'int32'), numClasses);
    const predictionsOneHot = tf.oneHot(tf.cast(tf.reshape(alignedPredictions, [-1]), 'int32'), numClasses);
    let rows = tf.cast(labelsOneHot, 'float32');
    if (options.weights !== undefined) {
      if (options.weights.size !== aligned.size) {
        throw new ShapeError(`confusionMatrix: weights must hold one value per sample (${aligned.size}), got shape ${formatShape(options.weights.shape)}.`);
      }
      rows = tf.mul(rows, tf.reshape(toFloat(options.weights), [-1, 1]));
    }
    const matrix = tf.matMul(rows, tf.cast(predictionsOneHot, 'float32'), true, false);
    return (options.dtype === 'float32' ? matrix : tf.cast(tf.round(matrix), 'int32')) as tf.Tensor2D;
  });
}
