import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, InputSpec } from './case.js';

type Unary = (x: tf.Tensor) => tf.Tensor;
const positive: [number, number] = [0.2, 3];

const unary: [string, Unary, InputSpec['range']?, boolean?][] = [
  ['relu', (x) => tf.relu(x)],
  ['relu6', (x) => tf.relu6(tf.mul(x, 4))],
  ['elu', (x) => tf.elu(x)],
  ['selu', (x) => tf.selu(x)],
  ['leakyRelu', (x) => tf.leakyRelu(x, 0.3)],
  ['sigmoid', (x) => tf.sigmoid(x)],
  ['tanh', (x) => tf.tanh(x)],
  ['softplus', (x) => tf.softplus(x)],
  ['exp', (x) => tf.exp(x)],
  ['expm1', (x) => tf.expm1(x)],
  ['log', (x) => tf.log(x), positive],
  ['log1p', (x) => tf.log1p(x), positive],
  ['sqrt', (x) => tf.sqrt(x), positive],
  ['rsqrt', (x) => tf.rsqrt(x), positive],
  ['reciprocal', (x) => tf.reciprocal(x), positive],
  ['square', (x) => tf.square(x)],
  ['abs', (x) => tf.abs(x)],
  ['neg', (x) => tf.neg(x)],
  ['sin', (x) => tf.sin(x)],
  ['cos', (x) => tf.cos(x)],
  ['erf', (x) => tf.erf(x)],
  ['sign', (x) => tf.sign(x), undefined, false],
  ['floor', (x) => tf.floor(x), undefined, false],
  ['round', (x) => tf.round(x), undefined, false],
  ['step', (x) => tf.step(x), undefined, false],
  ['clipByValue', (x) => tf.clipByValue(x, -0.5, 0.7)],
  ['isNaN', (x) => tf.isNaN(tf.log(x)), undefined, false],
];

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
// tfjs-core's gradients of these do not reduce over broadcast axes (a shape error on every
// backend), so only their same-shape variant checks gradients.
const noBroadcastGradient = new Set(['maximum', 'minimum', 'squaredDifference']);
const binary: [string, Binary, InputSpec['range']?][] = [
  ['add', (a, b) => tf.add(a, b)],
  ['sub', (a, b) => tf.sub(a, b)],
  ['mul', (a, b) => tf.mul(a, b)],
  ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
  ['maximum', (a, b) => tf.maximum(a, b)],
  ['minimum', (a, b) => tf.minimum(a, b)],
  ['pow', (a, b) => tf.pow(tf.add(tf.abs(a), 0.5), b)],
  ['squaredDifference', (a, b) => tf.squaredDifference(a, b)],
];

const broadcastShapes: [string, number[], number[]][] = [
  ['same', [3, 4], [3, 4]],
  ['row', [3, 4], [4]],
  ['column', [2, 3, 4], [3, 1]],
  ['scalar', [2, 5], []],
];

const comparisons: [string, Binary][] = [
  ['greater', (a, b) => tf.greater(a, b)],
  ['greaterEqual', (a, b) => tf.greaterEqual(a, b)],
  ['less', (a, b) => tf.less(a, b)],
  ['lessEqual', (a, b) => tf.lessEqual(a, b)],
  ['equal', (a, b) => tf.equal(tf.round(a), tf.round(b))],
  ['notEqual', (a, b) => tf.notEqual(tf.round(a), tf.round(b))],
  ['logicalAnd', (a, b) => tf.logicalAnd(tf.greater(a, 0), tf.greater(b, 0))],
  ['logicalOr', (a, b) => tf.logicalOr(tf.greater(a, 0), tf.greater(b, 0))],
];

/** Unary and binary elementwise ops (binary ones with broadcasting) and comparisons. */
export const elementwiseCases: ConformanceCase[] = [
  ...unary.map(
    ([name, op, range, gradient]): ConformanceCase => ({
      name: `unary/${name}`,
      inputs: [{ shape: [3, 7], range }],
      run: (x) => op(x!),
      gradient,
    }),
  ),
  ...binary.flatMap(([name, op]) =>
    broadcastShapes.map(
      ([label, aShape, bShape]): ConformanceCase => ({
        name: `binary/${name}/${label}`,
        inputs: [{ shape: aShape }, { shape: bShape }],
        run: (a, b) => op(a!, b!),
        gradient: label === 'same' || !noBroadcastGradient.has(name),
      }),
    ),
  ),
  ...comparisons.map(
    ([name, op]): ConformanceCase => ({
      name: `compare/${name}`,
      inputs: [{ shape: [3, 4] }, { shape: [4] }],
      run: (a, b) => op(a!, b!),
      gradient: false,
    }),
  ),
  {
    name: 'where/branches',
    inputs: [{ shape: [3, 4], constant: true }, { shape: [3, 4] }, { shape: [3, 4] }],
    run: (condition, a, b) => tf.where(tf.greater(condition!, 0), a!, b!),
  },
  {
    name: 'cast/float-int-float',
    inputs: [{ shape: [4, 3], range: [-5, 5] }],
    run: (x) => [tf.cast(x!, 'int32'), tf.cast(tf.cast(x!, 'int32'), 'float32'), tf.cast(tf.greater(x!, 0), 'float32')],
    gradient: false,
  },
  {
    name: 'cast/float-to-float-gradient',
    inputs: [{ shape: [4, 3] }],
    run: (x) => tf.mul(tf.cast(x!, 'float32'), 2),
  },
  {
    name: 'addN/three',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }],
    run: (a, b, c) => tf.addN([a!, b!, c!]),
  },
];
