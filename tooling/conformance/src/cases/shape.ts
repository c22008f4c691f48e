import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

/** Layout ops: concat, slice, stridedSlice, transpose, tile, pad, reverse, reshape, split, stack. */
export const shapeCases: ConformanceCase[] = [
  { name: 'concat/axis0', inputs: [{ shape: [2, 3] }, { shape: [4, 3] }], run: (a, b) => tf.concat([a!, b!], 0) },
  { name: 'concat/axis-1', inputs: [{ shape: [2, 3, 2] }, { shape: [2, 3, 5] }], run: (a, b) => tf.concat([a!, b!], -1) },
  { name: 'slice/rank3', inputs: [{ shape: [4, 5, 3] }], run: (x) => tf.slice(x!, [1, 0, 1], [2, 4, 2]) },
  {
    name: 'stridedSlice/step2',
    inputs: [{ shape: [6, 7] }],
    run: (x) => tf.stridedSlice(x!, [1, 0], [6, 7], [2, 3]),
    // tfjs-core 4.22 registers no StridedSlice gradient.
    gradient: false,
  },
  {
    name: 'stridedSlice/last-timestep',
    inputs: [{ shape: [2, 5, 3] }],
    run: (x) => tf.stridedSlice(x!, [0, -1, 0], [2, 5, 3], [1, 1, 1], 0, 0, 0, 0, 2),
    gradient: false,
  },
  { name: 'transpose/rank2', inputs: [{ shape: [5, 3] }], run: (x) => tf.transpose(x!) },
  { name: 'transpose/rank4', inputs: [{ shape: [2, 3, 4, 5] }], run: (x) => tf.transpose(x!, [0, 3, 1, 2]) },
  { name: 'tile/2x3', inputs: [{ shape: [2, 3] }], run: (x) => tf.tile(x!, [2, 3]) },
  {
    name: 'pad/constant',
    inputs: [{ shape: [2, 3, 2] }],
    run: (x) =>
      tf.pad(
        x!,
        [
          [0, 0],
          [1, 2],
          [2, 0],
        ],
        0.5,
      ),
  },
  {
    name: 'mirrorPad/reflect',
    inputs: [{ shape: [3, 4] }],
    run: (x) =>
      tf.mirrorPad(
        x!,
        [
          [1, 1],
          [2, 1],
        ],
        'reflect',
      ),
  },
  { name: 'reverse/axis1', inputs: [{ shape: [3, 4, 2] }], run: (x) => tf.reverse(x!, 1) },
  { name: 'reshape/flatten', inputs: [{ shape: [2, 3, 4] }], run: (x) => tf.reshape(x!, [2, 12]) },
  { name: 'expandDims-squeeze', inputs: [{ shape: [3, 4] }], run: (x) => tf.squeeze(tf.expandDims(x!, 1), [1]) },
  { name: 'split/four-gates', inputs: [{ shape: [3, 8] }], run: (x) => tf.split(x!, 4, 1) },
  { name: 'split/sizes', inputs: [{ shape: [5, 3] }], run: (x) => tf.split(x!, [1, 3, 1], 0) },
  { name: 'stack-unstack', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], run: (a, b) => tf.unstack(tf.stack([a!, b!], 1), 2) },
  { name: 'broadcastTo/row', inputs: [{ shape: [1, 4] }], run: (x) => tf.broadcastTo(x!, [3, 4]) },
];
