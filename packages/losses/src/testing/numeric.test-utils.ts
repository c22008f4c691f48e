import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's ESM entry registers no gradients; the engine imports them once, and so do these tests.
import '@keras-ts/tfjs-gradients';
import { expect } from 'vitest';

/** Asserts two number arrays agree elementwise within `tolerance` (absolute plus relative). */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let index = 0; index < expected.length; index++) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    const bound = tolerance * (1 + Math.abs(e));
    if (!(Math.abs(a - e) <= bound)) {
      throw new Error(`element ${index}: got ${a}, expected ${e} (tolerance ${bound})`);
    }
  }
}

/** Reads a tensor's values into a plain array and disposes it. */
export function take(tensor: tf.Tensor): number[] {
  const values = Array.from(tensor.dataSync());
  tensor.dispose();
  return values;
}

/**
 * Checks the gradient of `scalarFn` at `x` (a float32 tensor) against central differences
 * computed in float32 with step `step`.
 */
export function expectGradientMatchesNumeric(scalarFn: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, tolerance = 2e-3, step = 1e-3): void {
  const analytic = take(tf.grad((input: tf.Tensor) => scalarFn(input))(x));
  const base = Array.from(x.dataSync());
  const numeric = base.map((_, index) => {
    const evaluate = (delta: number) =>
      tf.tidy(() => {
        const shifted = base.slice();
        shifted[index] = (shifted[index] as number) + delta;
        return scalarFn(tf.tensor(shifted, x.shape, 'float32')).dataSync()[0] as number;
      });
    return (evaluate(step) - evaluate(-step)) / (2 * step);
  });
  expectAllClose(analytic, numeric, tolerance);
}

/** Weighted sum of a loss's per-sample values, so every output entry shapes the gradient. */
export function weightedSum(values: tf.Tensor): tf.Tensor {
  const weights = tf.range(1, values.size + 1, 1, 'float32');
  return tf.sum(tf.mul(tf.reshape(values, [-1]), weights));
}

/** Runs `fn` and asserts the number of live tensors is unchanged afterwards. */
export function expectNoLeak(fn: () => void): void {
  const before = tf.memory().numTensors;
  fn();
  expect(tf.memory().numTensors).toBe(before);
}
