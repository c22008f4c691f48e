import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

/** gather (Embedding's lookup), unsortedSegmentSum (its gradient) and oneHot. */
export const indexingCases: ConformanceCase[] = [
  {
    name: 'gather/axis0-embedding',
    inputs: [{ shape: [10, 4] }, { shape: [3, 5], dtype: 'int32', integers: [0, 10] }],
    run: (table, indices) => tf.gather(table!, indices!),
  },
  {
    name: 'gather/axis1',
    inputs: [{ shape: [3, 6, 2] }, { shape: [4], dtype: 'int32', integers: [0, 6] }],
    run: (x, indices) => tf.gather(x!, indices!, 1),
  },
  {
    name: 'unsortedSegmentSum/rows',
    inputs: [{ shape: [7, 3] }, { shape: [7], dtype: 'int32', integers: [0, 4] }],
    run: (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 4),
  },
  {
    name: 'unsortedSegmentSum/out-of-range-ids-dropped',
    inputs: [{ shape: [9] }, { shape: [9], dtype: 'int32', integers: [-1, 4] }],
    run: (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 3),
    // Its gradient gathers dy by the ids, and gather rejects out-of-range ids on every backend.
    gradient: false,
  },
  {
    name: 'oneHot/depth5',
    inputs: [{ shape: [6], dtype: 'int32', integers: [0, 5] }],
    run: (indices) => tf.oneHot(indices as tf.Tensor1D, 5),
  },
  {
    name: 'oneHot/rank2-on-off',
    inputs: [{ shape: [2, 3], dtype: 'int32', integers: [0, 4] }],
    run: (indices) => tf.oneHot(indices!, 4, 2, -1),
  },
];
