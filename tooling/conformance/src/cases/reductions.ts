import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

type Reduction = (x: tf.Tensor, axis: number | number[] | undefined, keepDims: boolean) => tf.Tensor;
// The third field: compare gradients. tfjs-core 4.22's Prod gradient calls chained tensor methods
// that tfjs-core does not register and mishandles negative axes, failing on every backend.
const reductions: [string, Reduction, boolean?][] = [
  ['sum', (x, axis, keepDims) => tf.sum(x, axis, keepDims)],
  ['mean', (x, axis, keepDims) => tf.mean(x, axis, keepDims)],
  ['max', (x, axis, keepDims) => tf.max(x, axis, keepDims)],
  ['min', (x, axis, keepDims) => tf.min(x, axis, keepDims)],
  ['prod', (x, axis, keepDims) => tf.prod(tf.add(tf.mul(x, 0.3), 1), axis, keepDims), false],
  ['logSumExp', (x, axis, keepDims) => tf.logSumExp(x, axis, keepDims)],
];
const axes: [string, number | number[] | undefined, boolean][] = [
  ['all', undefined, false],
  ['axis0', 0, false],
  ['axis-1-keepDims', -1, true],
  ['axes0,2', [0, 2], false],
];

/** Reductions over axes (with keepDims), argMax/argMin, softmax and logSoftmax. */
export const reductionCases: ConformanceCase[] = [
  ...reductions.flatMap(([name, op, gradient]) =>
    axes.map(
      ([label, axis, keepDims]): ConformanceCase => ({
        name: `reduce/${name}/${label}`,
        inputs: [{ shape: [3, 4, 5] }],
        run: (x) => op(x!, axis, keepDims),
        gradient,
      }),
    ),
  ),
  ...[0, 1, -1].flatMap((axis): ConformanceCase[] => [
    { name: `argMax/axis${axis}`, inputs: [{ shape: [4, 6, 3] }], run: (x) => tf.argMax(x!, axis), gradient: false },
    { name: `argMin/axis${axis}`, inputs: [{ shape: [4, 6, 3] }], run: (x) => tf.argMin(x!, axis), gradient: false },
  ]),
  { name: 'softmax/last-axis', inputs: [{ shape: [5, 10], range: [-4, 4] }], run: (x) => tf.softmax(x!) },
  { name: 'softmax/rank3', inputs: [{ shape: [2, 3, 7] }], run: (x) => tf.softmax(x!) },
  { name: 'logSoftmax/last-axis', inputs: [{ shape: [5, 10], range: [-4, 4] }], run: (x) => tf.logSoftmax(x!) },
  { name: 'cumsum/axis1', inputs: [{ shape: [3, 6] }], run: (x) => tf.cumsum(x!, 1) },
  {
    name: 'moments/axes0,1',
    inputs: [{ shape: [4, 3, 5] }],
    run: (x) => {
      const { mean, variance } = tf.moments(x!, [0, 1]);
      return [mean, variance];
    },
  },
];
