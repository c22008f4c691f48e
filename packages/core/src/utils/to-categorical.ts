import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';

/**
 * One-hot encodes integer class labels: `[n]` (or `[n, 1]`) → `[n, numClasses]` float32.
 * `numClasses` defaults to the largest label + 1. Throws for labels outside [0, numClasses).
 */
export function toCategorical(labels: tf.Tensor | number[] | Int32Array | Uint8Array, numClasses?: number): tf.Tensor2D {
  const values = labels instanceof tf.Tensor ? labels.dataSync() : labels;
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`toCategorical expects non-negative integer labels, got ${v} at index ${i}.`);
    if (v > max) max = v;
  }
  const classes = numClasses ?? max + 1;
  if (!Number.isInteger(classes) || classes <= 0) throw new ValueError(`toCategorical: numClasses must be a positive integer, got ${classes}.`);
  if (max >= classes) throw new ValueError(`toCategorical: label ${max} is out of range for numClasses=${classes} (labels must be < numClasses).`);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(values), 'int32'), classes), 'float32') as tf.Tensor2D);
}
