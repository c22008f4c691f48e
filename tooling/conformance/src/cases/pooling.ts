import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

const pools: [string, number, number, 'same' | 'valid'][] = [
  ['2x2-stride2-valid', 2, 2, 'valid'],
  ['3x3-stride1-same', 3, 1, 'same'],
  ['3x3-stride2-same', 3, 2, 'same'],
];

/** Max and average pooling, 2D and 1D (as Keras builds 1D pooling: expandDims + 2D pool). */
export const poolingCases: ConformanceCase[] = [
  ...pools.flatMap(([label, size, stride, pad]): ConformanceCase[] => [
    {
      name: `maxPool2d/${label}`,
      inputs: [{ shape: [2, 7, 6, 3] }],
      run: (x) => tf.maxPool(x as tf.Tensor4D, size, stride, pad),
    },
    {
      name: `avgPool2d/${label}`,
      inputs: [{ shape: [2, 7, 6, 3] }],
      run: (x) => tf.avgPool(x as tf.Tensor4D, size, stride, pad),
    },
  ]),
  {
    name: 'maxPool1d/size2-stride2',
    inputs: [{ shape: [3, 10, 4] }],
    run: (x) => tf.squeeze(tf.maxPool(tf.expandDims(x!, 2) as tf.Tensor4D, [2, 1], [2, 1], 'valid'), [2]),
  },
  {
    name: 'avgPool1d/size3-stride1-same',
    inputs: [{ shape: [3, 10, 4] }],
    run: (x) => tf.squeeze(tf.avgPool(tf.expandDims(x!, 2) as tf.Tensor4D, [3, 1], [1, 1], 'same'), [2]),
  },
  {
    name: 'globalAveragePooling2d/mean',
    inputs: [{ shape: [2, 5, 5, 3] }],
    run: (x) => tf.mean(x!, [1, 2]),
  },
];
