import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';

/** Formats a shape for error messages, e.g. `[32, 10]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Returns `x` as float32, casting only when needed. */
export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/**
 * Keras's `reduce_to_samplewise_values`: reduces `values` to one value per sample (by `reduce`
 * over the axes the weight does not cover) and multiplies by the weight, which it returns
 * broadcast to the values' shape and reduced to one weight per sample.
 */
export function reduceToSamplewiseValues(
  metricName: string,
  values: tf.Tensor,
  sampleWeight: tf.Tensor | undefined,
  reduce: (x: tf.Tensor, axes: number[]) => tf.Tensor,
): { values: tf.Tensor; sampleWeight: tf.Tensor | undefined } {
  const axesFrom = (start: number, rank: number) => Array.from({ length: rank - start }, (_, index) => start + index);
  let current = toFloat(values);
  let weight: tf.Tensor | undefined;
  if (sampleWeight !== undefined) {
    const [aligned, alignedWeight] = squeezeOrExpandToSameRank(current, toFloat(sampleWeight));
    current = aligned;
    if (current.rank > alignedWeight.rank) current = reduce(current, axesFrom(alignedWeight.rank, current.rank));
    const reducedShape = current.shape;
    const compatible =
      alignedWeight.rank <= reducedShape.length &&
      alignedWeight.shape.every((size, axis) => size === 1 || size === reducedShape[reducedShape.length - alignedWeight.rank + axis]);
    weight = alignedWeight;
    if (!compatible) {
      throw new ShapeError(
        `Metric '${metricName}': sampleWeight of shape ${formatShape(sampleWeight.shape)} does not match values of shape ${formatShape(values.shape)}. ` +
          'Pass one weight per sample (shape [batch]).',
      );
    }
    weight = tf.broadcastTo(weight, current.shape);
    current = tf.mul(current, weight);
    if (weight.rank > 1) weight = reduce(weight, axesFrom(1, weight.rank));
  }
  if (current.rank > 1) current = reduce(current, axesFrom(1, current.rank));
  return { values: current, sampleWeight: weight };
}
