import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';

/** Weights per class index, as Keras's `class_weight`: `{ 0: 1, 1: 5 }`. */
export type ClassWeight = Record<number, number>;

/**
 * Validates a classWeight record: single-output models, class indices below the output's number
 * of classes (when known and above 1), non-negative finite weights.
 */
export function checkClassWeight(classWeight: unknown, outputCount: number, classes?: number | null): asserts classWeight is ClassWeight {
  if (typeof classWeight !== 'object' || classWeight === null || Array.isArray(classWeight)) {
    throw new ValueError(
      `\`classWeight\` must be an object mapping class indices to weights, e.g. { 0: 1, 1: 5 }; got ${Array.isArray(classWeight) ? 'an array' : String(classWeight)}.`,
    );
  }
  if (outputCount !== 1) {
    throw new ValueError(
      `\`classWeight\` is only supported for models with a single output; this model has ${outputCount}. Pass per-output \`sampleWeight\` instead.`,
    );
  }
  const entries = Object.entries(classWeight);
  if (entries.length === 0) throw new ValueError('`classWeight` is empty; give at least one `{ classIndex: weight }` entry.');
  for (const [key, weight] of entries) {
    if (!/^\d+$/.test(key)) throw new ValueError(`\`classWeight\` keys must be class indices (non-negative integers), got '${key}'.`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      throw new ValueError(`\`classWeight[${key}]\` must be a non-negative number, got ${weight}.`);
    if (classes !== undefined && classes !== null && classes > 1 && Number(key) >= classes) {
      throw new ValueError(`\`classWeight\` has class ${key}, but the model's output has ${classes} classes (0 to ${classes - 1}).`);
    }
  }
}

/**
 * Per-sample weights from the class of each sample (Keras: classes missing from the record weigh
 * 1), multiplied into `existing` sample weights when given. Labels are integers, or one-hot rows
 * (argmax). Returns a new `[n]` tensor.
 */
export function classSampleWeight(y: tf.Tensor, classWeight: ClassWeight, existing?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const size = Math.max(...Object.keys(classWeight).map(Number)) + 1;
    const table = tf.tensor1d(
      Array.from({ length: size }, (_, c) => classWeight[c] ?? 1),
      'float32',
    );
    const labels = y.rank > 1 && y.shape[y.rank - 1]! > 1 ? tf.argMax(y, -1) : tf.cast(tf.reshape(y, [y.shape[0]!]), 'int32');
    // Labels beyond the table weigh 1, as Keras's dictionary lookup does.
    const inTable = tf.less(labels, tf.scalar(size, 'int32'));
    const perSample = tf.where(inTable, tf.gather(table, tf.minimum(labels, tf.scalar(size - 1, 'int32'))), tf.ones([y.shape[0]!]));
    return existing === undefined ? perSample : tf.mul(perSample, tf.reshape(existing, [y.shape[0]!]));
  });
}
