import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { Batch } from './data-adapter.js';

/** Weights per class index, as Keras's `class_weight`: `{ 0: 1, 1: 5 }`. */
export type ClassWeight = Record<number, number>;

/** Validates a classWeight record (single-output models, non-negative finite weights). */
export function checkClassWeight(classWeight: ClassWeight, outputCount: number): void {
  if (outputCount !== 1) {
    throw new ValueError(`\`classWeight\` is only supported for models with a single output; this model has ${outputCount}. Pass per-output \`sampleWeight\` instead.`);
  }
  const entries = Object.entries(classWeight);
  if (entries.length === 0) throw new ValueError('`classWeight` is empty; give at least one `{ classIndex: weight }` entry.');
  for (const [key, weight] of entries) {
    if (!/^\d+$/.test(key)) throw new ValueError(`\`classWeight\` keys must be class indices (non-negative integers), got '${key}'.`);
    if (!Number.isFinite(weight) || weight < 0) throw new ValueError(`\`classWeight[${key}]\` must be a non-negative number, got ${weight}.`);
  }
}

/**
 * Multiplies the batch's sample weights by the weight of each sample's class (Keras: classes
 * missing from the record weigh 1). Labels are integers, or one-hot rows (argmax).
 */
export function applyClassWeight(batch: Batch, classWeight: ClassWeight): Batch {
  const weights = tf.tidy(() => {
    const size = Math.max(...Object.keys(classWeight).map(Number)) + 1;
    const table = tf.tensor1d(Array.from({ length: size }, (_, c) => classWeight[c] ?? 1), 'float32');
    const y = batch.y[0]!;
    const labels = y.rank > 1 && y.shape[y.rank - 1]! > 1 ? tf.argMax(y, -1) : tf.cast(tf.reshape(y, [y.shape[0]!]), 'int32');
    // Labels beyond the table weigh 1, as Keras's dictionary lookup does.
    const inTable = tf.less(labels, tf.scalar(size, 'int32'));
    const perSample = tf.where(inTable, tf.gather(table, tf.minimum(labels, tf.scalar(size - 1, 'int32'))), tf.ones([y.shape[0]!]));
    const existing = batch.sampleWeight[0];
    return existing === undefined ? perSample : tf.mul(perSample, tf.reshape(existing, [y.shape[0]!]));
  });
  // The batch owns its sample weights (they are disposed with it), so the replaced one goes now.
  batch.sampleWeight[0]?.dispose();
  return { ...batch, sampleWeight: [weights] };
}
