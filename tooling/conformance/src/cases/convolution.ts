import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

type Padding = 'same' | 'valid';
const convTolerance = { rtol: 2e-3, atol: 5e-4 };

function conv2dCase(label: string, x: number[], filter: number[], strides: number, pad: Padding, dilation = 1): ConformanceCase {
  return {
    name: `conv2d/${label}`,
    inputs: [{ shape: x }, { shape: filter }],
    run: (input, kernel) => tf.conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, strides, pad, 'NHWC', dilation),
    // tfjs has no filter gradient for dilation > 1; compare forward only there.
    gradient: dilation === 1,
    tolerance: convTolerance,
  };
}

/** conv1d/conv2d (strides, dilation, same/valid), depthwise, separable and transposed convs. */
export const convolutionCases: ConformanceCase[] = [
  conv2dCase('3x3-same-stride1', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'),
  conv2dCase('3x3-same-stride2', [2, 8, 8, 3], [3, 3, 3, 5], 2, 'same'),
  conv2dCase('3x3-valid-stride2-odd', [2, 9, 8, 2], [3, 3, 2, 4], 2, 'valid'),
  conv2dCase('5x5-valid', [1, 10, 10, 2], [5, 5, 2, 3], 1, 'valid'),
  conv2dCase('1x1', [2, 5, 5, 6], [1, 1, 6, 4], 1, 'valid'),
  conv2dCase('mnist-like', [4, 14, 14, 8], [3, 3, 8, 16], 1, 'same'),
  conv2dCase('dilation2-same', [1, 9, 9, 2], [3, 3, 2, 3], 1, 'same', 2),
  {
    name: 'conv2d/fused-bias-relu',
    inputs: [{ shape: [2, 6, 6, 3] }, { shape: [3, 3, 3, 4] }, { shape: [4] }],
    run: (x, filter, bias) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 1, pad: 'same', bias, activation: 'relu' }),
    tolerance: convTolerance,
  },
  ...(
    [
      ['stride1-same', 1, 'same', 1],
      ['stride2-valid', 2, 'valid', 1],
      ['dilation2-causal-like', 1, 'valid', 2],
    ] as const
  ).map(
    ([label, stride, pad, dilation]): ConformanceCase => ({
      name: `conv1d/${label}`,
      inputs: [{ shape: [3, 12, 4] }, { shape: [3, 4, 5] }],
      run: (x, filter) => tf.conv1d(x as tf.Tensor3D, filter as tf.Tensor3D, stride, pad, 'NWC', dilation),
      gradient: dilation === 1,
      tolerance: convTolerance,
    }),
  ),
  {
    name: 'depthwiseConv2d/same-stride1',
    inputs: [{ shape: [2, 6, 6, 3] }, { shape: [3, 3, 3, 2] }],
    run: (x, filter) => tf.depthwiseConv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'),
    tolerance: convTolerance,
  },
  {
    name: 'depthwiseConv2d/valid-stride2',
    inputs: [{ shape: [1, 7, 7, 2] }, { shape: [3, 3, 2, 1] }],
    run: (x, filter) => tf.depthwiseConv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'valid'),
    tolerance: convTolerance,
  },
  {
    name: 'separableConv2d/same',
    inputs: [{ shape: [2, 6, 6, 3] }, { shape: [3, 3, 3, 2] }, { shape: [1, 1, 6, 4] }],
    run: (x, depthwise, pointwise) => tf.separableConv2d(x as tf.Tensor4D, depthwise as tf.Tensor4D, pointwise as tf.Tensor4D, 1, 'same'),
    tolerance: convTolerance,
  },
  {
    name: 'conv2dTranspose/stride2-same',
    inputs: [{ shape: [2, 4, 4, 3] }, { shape: [3, 3, 5, 3] }],
    run: (x, filter) => tf.conv2dTranspose(x as tf.Tensor4D, filter as tf.Tensor4D, [2, 8, 8, 5], 2, 'same'),
    tolerance: convTolerance,
  },
  {
    name: 'conv2dTranspose/stride1-valid',
    inputs: [{ shape: [1, 5, 5, 2] }, { shape: [3, 3, 4, 2] }],
    run: (x, filter) => tf.conv2dTranspose(x as tf.Tensor4D, filter as tf.Tensor4D, [1, 7, 7, 4], 1, 'valid'),
    tolerance: convTolerance,
  },
];
