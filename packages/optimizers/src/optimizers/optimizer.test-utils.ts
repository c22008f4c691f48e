// Helpers shared by the optimizer tests: drive an optimizer on one small
// variable with fixed gradients and compare with reference numbers computed
// by plain loops in each test.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Optimizer } from './base.js';

/** Initial value of the test variable. */
export const initialWeights = [1, -2, 3, 0.5];

/** Gradients of the first three steps (chosen so no element is zero and signs vary). */
export const gradientSteps = [
  [0.1, -0.2, 0.3, 0.04],
  [0.5, 0.4, -0.3, -0.08],
  [-0.2, 0.1, 0.05, 0.6],
];

/** Applies `gradients` one step at a time; returns the variable after each step. */
export function runSteps(optimizer: Optimizer, gradients: number[][] = gradientSteps, initial: number[] = initialWeights): number[][] {
  const variable = tf.variable(tf.tensor1d(initial));
  const history: number[][] = [];
  try {
    for (const values of gradients) {
      const gradient = tf.tensor1d(values);
      tf.tidy(() => optimizer.applyGradients([[gradient, variable]]));
      gradient.dispose();
      history.push(Array.from(variable.dataSync()));
    }
  } finally {
    variable.dispose();
    optimizer.dispose();
  }
  return history;
}

/** Element-wise closeness with a relative and an absolute tolerance (float32 vs float64). */
export function expectClose(actual: number[][], expected: number[][], tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, step) => {
    const reference = expected[step]!;
    expect(row.length).toBe(reference.length);
    row.forEach((value, index) => {
      const target = reference[index]!;
      const error = Math.abs(value - target);
      if (error > tolerance * (1 + Math.abs(target))) {
        throw new Error(`step ${step + 1}, element ${index}: got ${value}, expected ${target} (error ${error})`);
      }
    });
  });
}

/** Runs `body` and checks it leaves the number of live tensors unchanged. */
export function expectNoLeak(body: () => void): void {
  const before = tf.memory().numTensors;
  body();
  expect(tf.memory().numTensors).toBe(before);
}
