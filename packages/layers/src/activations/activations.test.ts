import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// Registers tfjs's gradients (as any use of the package does, through its dependency on core).
import '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { expectClose, fixedValues } from '../testing/gradient-check.test-utils.js';
import * as activations from './activations.js';
import type { ActivationFunction } from './activations.js';

// Reference formulas in float64, written independently of the implementation.

/** erf by its Maclaurin series (|x| ≤ 4, error < 1e-10) and Abramowitz–Stegun 7.1.26 beyond (error < 1.5e-7 of a value within 2e-8 of ±1). */
function erf(x: number): number {
  if (Math.abs(x) > 4) {
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return Math.sign(x) * (1 - poly * Math.exp(-x * x));
  }
  let sum = 0;
  let power = x; // x^(2n+1) / n!
  for (let n = 0; n < 80; n++) {
    sum += ((n % 2 === 0 ? 1 : -1) * power) / (2 * n + 1);
    power *= (x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const relu6 = (x: number): number => Math.min(Math.max(x, 0), 6);
// Klambauer et al.'s constants (as Keras documents them), to double precision.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const ELEMENTWISE: [string, ActivationFunction, (x: number) => number][] = [
  ['relu', activations.relu, (x) => Math.max(x, 0)],
  ['relu6', activations.relu6, relu6],
  ['tanh', activations.tanh, Math.tanh],
  ['sigmoid', activations.sigmoid, sigmoid],
  ['hardSigmoid', activations.hardSigmoid, (x) => relu6(x + 3) / 6],
  ['linear', activations.linear, (x) => x],
  ['elu', activations.elu, (x) => (x > 0 ? x : Math.exp(x) - 1)],
  ['selu', activations.selu, (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1))],
  ['softplus', activations.softplus, softplus],
  ['softsign', activations.softsign, (x) => x / (Math.abs(x) + 1)],
  ['swish', activations.swish, (x) => x * sigmoid(x)],
  ['gelu', activations.gelu, (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ['exponential', activations.exponential, Math.exp],
  ['leakyRelu', activations.leakyRelu, (x) => (x > 0 ? x : 0.2 * x)],
  ['mish', activations.mish, (x) => x * Math.tanh(softplus(x))],
  ['hardSilu', activations.hardSilu, (x) => (x * relu6(x + 3)) / 6],
];

function softmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
function logSoftmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const logTotal = Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
  return row.map((v) => v - max - logTotal);
}
const ROWWISE: [string, ActivationFunction, (row: number[]) => number[]][] = [
  ['softmax', activations.softmax, softmaxRow],
  ['logSoftmax', activations.logSoftmax, logSoftmaxRow],
];

/** Negatives, zero, kinks of relu6 / hardSigmoid, and large magnitudes. */
const VALUES = [-50, -20, -6, -3, -1.5, -0.25, 0, 0.25, 1.5, 3, 6, 20, 50];
/** Away from every kink (0, ±3, 6) by more than the step, and with large magnitudes. */
const GRADIENT_POINTS = [-30, -6.5, -2.7, -0.4, 0.35, 1.6, 2.9, 6.8, 30];

/** Central difference of Σ w_i f(x)_i in float64: the reference derivative of the formula itself. */
function referenceGradient(f: (row: number[]) => number[], row: number[], weights: number[]): number[] {
  const h = 1e-5;
  const objective = (values: number[]) => f(values).reduce((a, v, i) => a + v * weights[i]!, 0);
  return row.map((_, i) => {
    const plus = [...row];
    const minus = [...row];
    plus[i] = plus[i]! + h;
    minus[i] = minus[i]! - h;
    return (objective(plus) - objective(minus)) / (2 * h);
  });
}

function analyticGradient(fn: ActivationFunction, values: number[][], weights: number[][]): Float32Array {
  return tf.tidy(() => {
    const probe = tf.tensor2d(weights);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fn(x), probe)))(tf.tensor2d(values));
    return gradient.dataSync() as Float32Array;
  });
}

describe('activations', () => {
  it.each(ELEMENTWISE)('%s matches its formula on negatives, zero and large magnitudes', (_name, fn, formula) => {
    const x = tf.tensor1d(VALUES);
    const y = fn(x);
    expectClose(y, VALUES.map(formula), 1e-5);
    expect(y.shape).toEqual([VALUES.length]);
    if (y !== x) y.dispose();
    x.dispose();
  });

  it.each(ROWWISE)('%s matches its formula along the last axis, stably for large logits', (_name, fn, formula) => {
    const rows = [
      [1, 2, 3, -1],
      [0, 0, 0, 0],
      [1000, 999, -1000, 0],
      [-50, 50, 20, -20],
    ];
    const x = tf.tensor2d(rows);
    const y = fn(x);
    expectClose(y, rows.flatMap(formula), 1e-5);
    tf.dispose([x, y]);
  });

  it.each(ELEMENTWISE)('gradient of %s matches the derivative of its formula', (_name, fn, formula) => {
    const weights = fixedValues(GRADIENT_POINTS.length, 11).map((w) => w + 1.5);
    // Element by element, so exp(30) in one term does not swamp the differences of the others.
    const reference = GRADIENT_POINTS.map((x, i) => referenceGradient((row) => row.map(formula), [x], [weights[i]!])[0]!);
    const analytic = analyticGradient(fn, [GRADIENT_POINTS], [weights]);
    expectClose(analytic, reference, 1e-4);
  });

  it.each(ROWWISE)('gradient of %s matches the derivative of its formula', (_name, fn, formula) => {
    const rows = [
      [0.3, -1.2, 2.1, 0.05],
      [4, -3, 0, 1],
    ];
    const weights = [fixedValues(4, 5), fixedValues(4, 6)];
    const reference = rows.flatMap((row, r) => referenceGradient(formula, row, weights[r]!));
    expectClose(analyticGradient(fn, rows, weights), reference, 1e-4);
  });

  it('leave no tensors behind when called eagerly', () => {
    const x = tf.tensor2d([[-2, -0.5, 0, 0.5, 2]]);
    for (const [, fn] of [...ELEMENTWISE, ...ROWWISE]) {
      const y = fn(x);
      if (y !== x) y.dispose();
    }
    const before = tf.memory().numTensors;
    for (const [name, fn] of [...ELEMENTWISE, ...ROWWISE]) {
      const y = fn(x);
      if (y !== x) y.dispose();
      expect(tf.memory().numTensors, name).toBe(before);
    }
    x.dispose();
  });
});
