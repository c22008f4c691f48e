import { alignSampleWeight, squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { formatShape, toFloat } from '../base/samplewise.js';

/** Value given to predictions outside the top k, so no threshold in [0, 1] counts them positive. */
export const NEG_INF = -1e10;

/** Inputs of {@link confusionCounts}. */
export interface ConfusionCountsInput {
  /** Labels; nonzero counts as positive. */
  yTrue: tf.Tensor;
  /** Scores, compared with each threshold (`score > threshold` is a positive prediction). */
  yPred: tf.Tensor;
  /** Thresholds, one count per threshold. */
  thresholds: readonly number[];
  /** Keep only each sample's `topK` scores (the rest become {@link NEG_INF}). */
  topK?: number;
  /** Restrict labels and predictions to this class column. */
  classId?: number;
  /** Per-sample (or per-entry) weights. */
  sampleWeight?: tf.Tensor;
}

/** Weighted true/false positive/negative counts, one entry per threshold. */
export interface ConfusionCounts {
  /** True positives. */
  truePositives: tf.Tensor1D;
  /** False positives. */
  falsePositives: tf.Tensor1D;
  /** True negatives. */
  trueNegatives: tf.Tensor1D;
  /** False negatives. */
  falseNegatives: tf.Tensor1D;
}

function keepTopK(scores: tf.Tensor, k: number): tf.Tensor {
  const numClasses = scores.shape[scores.rank - 1] ?? 1;
  const { indices } = tf.topk(scores, Math.min(k, numClasses));
  const mask = tf.sum(tf.oneHot(indices, numClasses), -2);
  return tf.add(tf.mul(scores, mask), tf.mul(tf.sub(1, mask), NEG_INF));
}

/**
 * Keras's `update_confusion_matrix_variables` for one batch, without multi-label handling:
 * every (label, score) entry is flattened, compared with every threshold, and counted with
 * its weight. Pure tensor ops; the caller adds the result to its state.
 */
export function confusionCounts(metricName: string, input: ConfusionCountsInput): ConfusionCounts {
  return tf.tidy(() => {
    let [prediction, target] = squeezeOrExpandToSameRank(toFloat(input.yPred), toFloat(input.yTrue));
    const sameShape = prediction.rank === target.rank && prediction.shape.every((size, axis) => size === target.shape[axis]);
    if (!sameShape) {
      throw new ShapeError(
        `${metricName} expects yTrue and yPred of the same shape, got yTrue ${formatShape(input.yTrue.shape)} and yPred ${formatShape(input.yPred.shape)}.`,
      );
    }
    let weight = input.sampleWeight === undefined ? undefined : tf.broadcastTo(alignSampleWeight(metricName, prediction, input.sampleWeight), prediction.shape);
    if (input.topK !== undefined) prediction = keepTopK(prediction, input.topK);
    if (input.classId !== undefined) {
      const numClasses = prediction.shape[prediction.rank - 1] ?? 1;
      if (prediction.rank < 2 || input.classId < 0 || input.classId >= numClasses) {
        throw new ShapeError(
          `${metricName}: classId ${input.classId} needs yPred of shape [batch, classes] with classes > ${input.classId}, got ${formatShape(input.yPred.shape)}.`,
        );
      }
      const column = (x: tf.Tensor) => {
        const begin = x.shape.map((_, axis) => (axis === x.rank - 1 ? (input.classId as number) : 0));
        const size = x.shape.map((s, axis) => (axis === x.rank - 1 ? 1 : s));
        return tf.slice(x, begin, size);
      };
      prediction = column(prediction);
      target = column(target);
      if (weight !== undefined) weight = column(weight);
    }
    const labels = tf.reshape(tf.cast(tf.notEqual(target, 0), 'float32'), [1, -1]);
    const scores = tf.reshape(prediction, [1, -1]);
    const entryWeight = weight === undefined ? tf.onesLike(labels) : tf.reshape(weight, [1, -1]);
    const thresholds = tf.tensor2d([...input.thresholds], [input.thresholds.length, 1]);
    const predictedPositive = tf.cast(tf.greater(scores, thresholds), 'float32');
    const predictedNegative = tf.sub(1, predictedPositive);
    const positiveWeight = tf.mul(labels, entryWeight);
    const negativeWeight = tf.mul(tf.sub(1, labels), entryWeight);
    return {
      truePositives: tf.sum(tf.mul(predictedPositive, positiveWeight), 1) as tf.Tensor1D,
      falsePositives: tf.sum(tf.mul(predictedPositive, negativeWeight), 1) as tf.Tensor1D,
      trueNegatives: tf.sum(tf.mul(predictedNegative, negativeWeight), 1) as tf.Tensor1D,
      falseNegatives: tf.sum(tf.mul(predictedNegative, positiveWeight), 1) as tf.Tensor1D,
    };
  });
}

/** Normalizes a `thresholds` option to a non-empty list in [0, 1], throwing otherwise. */
export function parseThresholds(metricName: string, thresholds: number | readonly number[] | undefined, fallback: number): number[] {
  const list = thresholds === undefined ? [fallback] : typeof thresholds === 'number' ? [thresholds] : [...thresholds];
  const invalid = list.filter((value) => !(value >= 0 && value <= 1));
  if (list.length === 0 || invalid.length > 0) {
    throw new ValueError(`${metricName}: thresholds must be numbers in [0, 1], got ${JSON.stringify(thresholds)}.`);
  }
  return list;
}
