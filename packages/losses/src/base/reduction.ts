import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { formatShape, toFloat } from './tensor-utils.js';

/**
 * How a {@link Loss} turns per-sample values into the value it returns, as in Keras 3:
 * `'sum_over_batch_size'` and `'mean'` divide the weighted sum by the number of elements,
 * `'sum'` returns the weighted sum, `'mean_with_sample_weight'` divides it by the sum of the
 * sample weights, and `'none'` returns the weighted per-sample values.
 */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none';

/** Every accepted {@link Reduction}, in Keras's order. */
export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none'];

/** Returns `reduction` when it is a valid {@link Reduction}, and throws naming the valid ones otherwise. */
export function checkReduction(ownerName: string, reduction: unknown): Reduction {
  if (typeof reduction === 'string' && (REDUCTIONS as readonly string[]).includes(reduction)) {
    return reduction as Reduction;
  }
  throw new ValueError(`${ownerName}: reduction must be one of ${REDUCTIONS.map((name) => `'${name}'`).join(', ')}, got ${JSON.stringify(reduction)}.`);
}

/**
 * Brings a sample weight to the rank of the per-sample values so it broadcasts the way Keras
 * users expect: a `[batch]` weight multiplies `[batch]` or `[batch, T]` values, a `[batch, 1]`
 * weight multiplies `[batch]` values, and a scalar multiplies anything.
 */
export function alignSampleWeight(ownerName: string, values: tf.Tensor, sampleWeight: tf.Tensor): tf.Tensor {
  let weight = toFloat(sampleWeight);
  while (weight.rank > values.rank && weight.shape[weight.rank - 1] === 1) {
    weight = tf.squeeze(weight, [weight.rank - 1]);
  }
  while (weight.rank > 0 && weight.rank < values.rank) weight = tf.expandDims(weight, -1);
  const broadcastable = weight.rank === 0 || (weight.rank === values.rank && weight.shape.every((size, axis) => size === 1 || size === values.shape[axis]));
  if (!broadcastable) {
    throw new ShapeError(
      `${ownerName}: sampleWeight of shape ${formatShape(sampleWeight.shape)} does not broadcast against values of shape ${formatShape(values.shape)}. ` +
        'Pass one weight per sample (shape [batch]) or a scalar.',
    );
  }
  return weight;
}

/**
 * Keras's `reduce_weighted_values`: merges an optional mask into the sample weight, multiplies
 * the per-sample values by it, and applies `reduction`. Scalar values are returned unreduced.
 * With a mask and a mean reduction, the result averages over the unmasked entries only.
 */
export function reduceWeightedValues(ownerName: string, values: tf.Tensor, reduction: Reduction, sampleWeight?: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let weighted = toFloat(values);
    let weight = sampleWeight === undefined ? undefined : alignSampleWeight(ownerName, weighted, sampleWeight);
    if (mask !== undefined) {
      let maskWeight = toFloat(mask);
      if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
        // Valid entries get weight total/valid so that dividing by the element count averages
        // over the valid entries only (Keras's apply_mask).
        maskWeight = tf.mul(maskWeight, tf.divNoNan(tf.scalar(maskWeight.size), tf.sum(maskWeight)));
      }
      weight = weight === undefined ? maskWeight : tf.mul(weight, alignSampleWeight(ownerName, weighted, maskWeight));
    }
    if (weight !== undefined) weighted = tf.mul(weighted, weight);
    if (reduction === 'none' || weighted.rank === 0) return weighted;
    const total = tf.sum(weighted);
    if (reduction === 'sum') return total;
    if (reduction === 'mean_with_sample_weight' && weight !== undefined) return tf.divNoNan(total, tf.sum(weight));
    if (weighted.size === 0) return tf.scalar(0);
    return tf.div(total, tf.scalar(weighted.size));
  });
}
