import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../cases/case.js';

/**
 * Cases only the non-finite suite runs: shapes that take a different kernel path on some backend
 * than the shared cases do, found because they mapped NaN differently there (XNNPACK computes a
 * 1×1 convolution with one channel per group as a per-channel multiply-add whose clamp turned NaN
 * into −∞), and pooling over windows wholly in explicit padding.
 */
export const nonfiniteOnlyCases: ConformanceCase[] = [
  {
    name: 'conv2d/1x1-one-channel',
    inputs: [{ shape: [2, 4, 4, 1] }, { shape: [1, 1, 1, 1] }],
    run: (x, filter) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid'),
  },
  {
    name: 'conv2d/fused-1x1-one-channel-bias-relu6',
    inputs: [{ shape: [2, 4, 4, 1] }, { shape: [1, 1, 1, 1] }, { shape: [1] }],
    run: (x, filter, bias) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 1, pad: 'valid', bias, activation: 'relu6' }),
    gradient: false,
  },
  {
    name: 'depthwiseConv2d/1x1-multiplier1',
    inputs: [{ shape: [2, 4, 4, 3] }, { shape: [1, 1, 3, 1] }],
    run: (x, filter) => tf.depthwiseConv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid'),
  },
  {
    name: 'maxPool2d/explicit-padding-2',
    inputs: [{ shape: [1, 3, 3, 2] }],
    run: (x) => tf.maxPool(x as tf.Tensor4D, 1, 1, 2),
    // tfjs-core's pooling gradients do not take numeric padding.
    gradient: false,
  },
  {
    name: 'avgPool2d/explicit-padding-2',
    inputs: [{ shape: [1, 3, 3, 2] }],
    run: (x) => tf.avgPool(x as tf.Tensor4D, 1, 1, 2),
    gradient: false,
  },
];
