import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { formatShape } from '../base/samplewise.js';

/**
 * Reshapes integer labels of shape `[batch, …]` or `[batch, …, 1]` to the shape of `yPred`
 * without its class axis, throwing (naming `metricName`) when they do not fit.
 */
export function sparseLabelsFor(metricName: string, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const outer = yPred.shape.slice(0, -1);
  const matches = (shape: readonly number[]) => shape.length === outer.length && shape.every((s, i) => s === outer[i]);
  if (matches(yTrue.shape)) return yTrue;
  if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 && matches(yTrue.shape.slice(0, -1))) {
    return tf.reshape(yTrue, outer);
  }
  throw new ShapeError(
    `${metricName} expects one integer label per sample, shape ${formatShape(outer)} or ${formatShape([...outer, 1])}, ` +
      `got yTrue ${formatShape(yTrue.shape)} for yPred ${formatShape(yPred.shape)}. For one-hot labels use the categorical form.`,
  );
}

/**
 * `1` where `targets` (class ids, shape `[n]`) is among the `k` largest of `predictions`
 * (`[n, classes]`); ties at the boundary count as inside, as TensorFlow's `in_top_k` does.
 */
export function inTopK(predictions: tf.Tensor, targets: tf.Tensor, k: number): tf.Tensor {
  return tf.tidy(() => {
    const numClasses = predictions.shape[predictions.rank - 1] ?? 1;
    const oneHot = tf.oneHot(tf.cast(targets, 'int32'), numClasses);
    const targetScore = tf.sum(tf.mul(oneHot, predictions), -1, true);
    const strictlyBetter = tf.sum(tf.cast(tf.greater(predictions, targetScore), 'float32'), -1);
    return tf.cast(tf.less(strictlyBetter, k), 'float32');
  });
}
