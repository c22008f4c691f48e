import * as tf from '@tensorflow/tfjs-core';
import type { Layer, Model } from '@keras-ts/core';
import { expect } from 'vitest';

/** Deterministic pseudo-random values in [-1, 1) (a fixed LCG, so references need no tfjs randomness). */
export function fixedValues(size: number, seed = 1): number[] {
  // Mix the seed so nearby seeds give unrelated sequences (a plain LCG starts them almost equal).
  let state = Math.imul((seed + 0x9e3779b9) ^ ((seed + 0x9e3779b9) >>> 16), 0x85ebca6b) >>> 0;
  const values: number[] = [];
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values.push(state / 2147483648 - 1);
  }
  return values;
}

/** A tensor of fixed pseudo-random values. */
export function fixedTensor(shape: number[], seed = 1, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    fixedValues(size, seed).map((v) => v * scale),
    shape,
  );
}

/** Sets every weight of `layer` to fixed pseudo-random values (scaled), in `weights` order. */
export function setFixedWeights(layer: Layer, seed = 7, scale = 0.5): void {
  const values = layer.weights.map((w, i) => fixedTensor(w.shape, seed + i, scale));
  layer.setWeights(values);
  tf.dispose(values);
}

/**
 * Checks analytic gradients of `loss` with respect to `variables` against central differences
 * (float32: epsilon 1e-2, tolerance 1e-2 relative to max(1, |g|)).
 */
export function expectGradientsMatch(loss: () => tf.Scalar, variables: tf.Variable[], epsilon = 1e-2, tolerance = 1e-2): void {
  const { value, grads } = tf.variableGrads(loss, variables);
  value.dispose();
  for (const variable of variables) {
    const analytic = grads[variable.name]!.dataSync();
    const original = variable.dataSync().slice();
    const numeric = new Float32Array(original.length);
    for (let i = 0; i < original.length; i++) {
      const evaluate = (delta: number): number => {
        const perturbed = original.slice();
        perturbed[i] = perturbed[i]! + delta;
        tf.tidy(() => variable.assign(tf.tensor(perturbed, variable.shape, variable.dtype)));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      numeric[i] = (evaluate(epsilon) - evaluate(-epsilon)) / (2 * epsilon);
    }
    tf.tidy(() => variable.assign(tf.tensor(original, variable.shape, variable.dtype)));
    for (let i = 0; i < original.length; i++) {
      const a = analytic[i]!;
      const n = numeric[i]!;
      if (Math.abs(a - n) > tolerance * Math.max(1, Math.abs(a), Math.abs(n))) {
        expect.fail(`gradient of '${variable.name}' at ${i}: analytic ${a}, numeric ${n}`);
      }
    }
  }
  tf.dispose(Object.values(grads));
}

/**
 * Gradient check of a layer's output (weighted by fixed values, then summed) with respect to its
 * input and every trainable weight.
 */
export function expectLayerGradientsMatch(
  layer: Layer,
  input: tf.Tensor,
  options: { training?: boolean; epsilon?: number; tolerance?: number; checkInput?: boolean } = {},
): void {
  const inputVariable = tf.variable(input, true, undefined, input.dtype);
  const probe = tf.tidy(() => {
    const out = layer.apply(input, { training: options.training }) as tf.Tensor;
    return fixedTensor(out.shape, 99);
  });
  const loss = () => tf.tidy(() => tf.sum(tf.mul(layer.apply(inputVariable, { training: options.training }) as tf.Tensor, probe)) as tf.Scalar);
  const variables = [...(options.checkInput === false ? [] : [inputVariable]), ...layer.trainableWeights.map((w) => w.variable)];
  expectGradientsMatch(loss, variables, options.epsilon, options.tolerance);
  inputVariable.dispose();
  probe.dispose();
}

/** Expects `actual` to equal `expected` elementwise within `tolerance`. */
export function expectClose(actual: tf.Tensor | number[] | Float32Array, expected: ArrayLike<number>, tolerance = 1e-5): void {
  const values = actual instanceof tf.Tensor ? actual.dataSync() : actual;
  expect(values.length).toBe(expected.length);
  for (let i = 0; i < values.length; i++) {
    if (!(Math.abs(values[i]! - expected[i]!) <= tolerance * Math.max(1, Math.abs(expected[i]!)))) {
      expect.fail(`element ${i}: got ${values[i]}, expected ${expected[i]}`);
    }
  }
}

/** Compiles, fits a few epochs with SGD/Adam, and returns the first and last epoch losses. */
export async function fitLosses(
  model: Model,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor,
  options: { loss?: string; epochs?: number; optimizer?: string; batchSize?: number } = {},
): Promise<[number, number]> {
  model.compile({ optimizer: options.optimizer ?? 'adam', loss: options.loss ?? 'mse' });
  const history = await model.fit(x, y, { epochs: options.epochs ?? 8, batchSize: options.batchSize ?? 8, verbose: 0, shuffle: false });
  const losses = history.history.loss as number[];
  return [losses[0]!, losses[losses.length - 1]!];
}
