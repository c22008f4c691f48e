import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';

/** Pool attributes shared by MaxPool, AvgPool and their gradients. */
export interface PoolAttributes {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The pooling geometry for an NHWC input. */
export function poolInfo(xShape: number[], attrs: PoolAttributes): tf.backend_util.Conv2DInfo {
  if (xShape.length !== 4) throw new ShapeError(`Pooling: x must be rank 4 (NHWC), got shape [${xShape}].`);
  return tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
}
