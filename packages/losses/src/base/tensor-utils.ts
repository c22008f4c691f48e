import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';

/** Fuzz factor used to clip probabilities and guard divisions, as Keras's `backend.epsilon()`. */
export const EPSILON = 1e-7;

/** Returns `x` as float32, casting only when it is not already a float tensor. */
export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/** Formats a shape for error messages, e.g. `[32, 10]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Aligns the ranks of two tensors that differ by one trailing unit dimension,
 * as Keras's `squeeze_or_expand_to_same_rank`: `[batch]` against `[batch, 1]`
 * becomes `[batch, 1]` and `[batch, 1]` for rank-1 inputs, and the unit axis is
 * squeezed otherwise.
 */
export function squeezeOrExpandToSameRank(first: tf.Tensor, second: tf.Tensor, expandRank1 = true): [tf.Tensor, tf.Tensor] {
  let a = first;
  let b = second;
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    if (b.rank === 1 && expandRank1) b = tf.expandDims(b, -1);
    else a = tf.squeeze(a, [a.rank - 1]);
  } else if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    if (a.rank === 1 && expandRank1) a = tf.expandDims(a, -1);
    else b = tf.squeeze(b, [b.rank - 1]);
  }
  return [a, b];
}

/**
 * Aligns `yTrue` with `yPred` and checks that their shapes are equal, so a
 * mistaken target shape fails loudly instead of broadcasting silently.
 */
export function alignTargets(lossName: string, yTrue: tf.Tensor, yPred: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const [target, prediction] = squeezeOrExpandToSameRank(toFloat(yTrue), yPred);
  const same = target.rank === prediction.rank && target.shape.every((size, index) => size === prediction.shape[index]);
  if (!same) {
    throw new ShapeError(
      `${lossName}: yTrue and yPred must have the same shape, got yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}. ` +
        'Reshape the targets to match the model output (for integer class labels use a sparse loss).',
    );
  }
  return [target, prediction];
}

/** Resolves a possibly negative axis against a rank, throwing when it is out of range. */
export function normalizeAxis(lossName: string, axis: number, rank: number): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || resolved < 0 || resolved >= rank) {
    throw new ValueError(`${lossName}: axis must be an integer in [${-rank}, ${rank - 1}], got ${axis}.`);
  }
  return resolved;
}

/** Throws unless `labelSmoothing` lies in [0, 1]. */
export function checkLabelSmoothing(lossName: string, labelSmoothing: number): void {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ValueError(`${lossName}: labelSmoothing must be a number in [0, 1], got ${labelSmoothing}.`);
  }
}

/** `log(softmax(logits))` along `axis`, computed stably through log-sum-exp. */
export function logSoftmaxAlong(logits: tf.Tensor, axis: number): tf.Tensor {
  return tf.sub(logits, tf.logSumExp(logits, axis, true));
}

/** Normalizes probabilities along `axis` so they sum to one, then clips them into [EPSILON, 1 - EPSILON]. */
export function normalizeAndClipProbabilities(probabilities: tf.Tensor, axis: number): tf.Tensor {
  const normalized = tf.div(probabilities, tf.sum(probabilities, axis, true));
  return tf.clipByValue(normalized, EPSILON, 1 - EPSILON);
}
