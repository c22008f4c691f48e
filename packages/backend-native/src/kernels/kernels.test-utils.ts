import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { availableParallelism } from 'node:os';
import { nativeAddon } from '../addon/load.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { defaultNativeThreads, setAdaptiveNativeThreads, setNativeThreads } from '../backend/threads.js';
import { nativeStatus } from '../index.js';

/** True when the addon loaded; kernel tests skip with {@link skipReason} otherwise. */
export const available = nativeStatus.available;

/** The describe-block suffix naming why tests skip (or that the addon is built). */
export const skipReason = nativeStatus.available ? 'addon built' : `skipped: ${nativeStatus.reason}`;

/** Uniform values in [-scale, scale) from a fixed linear congruential sequence. */
export function seeded(size: number, seed: number, scale = 1): number[] {
  const values: number[] = [];
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values.push((state / 2 ** 32 - 0.5) * 2 * scale);
  }
  return values;
}

/**
 * Runs `body` on the 'native' backend (then makes 'cpu' current again), returning the values of
 * its result; asserts that no tensor leaked.
 */
export function onNative(body: () => tf.Tensor): { values: number[]; shape: number[]; dtype: tf.DataType } {
  tf.setBackend('native');
  try {
    const before = tf.memory().numTensors;
    const result = tf.tidy(body);
    const out = { values: Array.from(result.dataSync()), shape: result.shape, dtype: result.dtype };
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
    return out;
  } finally {
    tf.setBackend('cpu');
  }
}

/** Element-by-element closeness with an absolute + relative tolerance. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Number.isNaN(e)) {
      expect(a, `element ${i}`).toBeNaN();
      continue;
    }
    expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tolerance * (1 + Math.abs(e)));
  }
}

/**
 * Asserts `actual` equals `expected` value for value (as `toEqual` compares numbers), naming the
 * first element that differs: a diff of two large arrays would take minutes to print.
 */
export function expectExactly(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let first = -1;
  for (let i = 0; i < expected.length && first < 0; i++) if (!Object.is(actual[i], expected[i])) first = i;
  expect(first, first < 0 ? '' : `element ${first} differs: ${actual[first]} vs ${expected[first]}`).toBe(-1);
}

/** Reads element `index` (row-major) of a flat array with shape `shape`. */
export function at(values: number[], shape: number[], index: number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * (shape[d] ?? 1) + (index[d] ?? 0);
  return values[flat] ?? Number.NaN;
}

/** Whether the addon can split a loop over a helper thread here (at least two CPUs allowed). */
export const helpersPossible = availableParallelism() >= 2;

/**
 * Runs `body` with two native threads and their adaptation off (so a busy machine cannot lower
 * the count mid-test), then restores the defaults.
 */
export function withTwoThreads<T>(body: () => T): T {
  setAdaptiveNativeThreads(false);
  setNativeThreads(2);
  try {
    return body();
  } finally {
    setAdaptiveNativeThreads(true);
    setNativeThreads(defaultNativeThreads());
  }
}

/** Runs `body` on the 'native' backend with two threads ({@link withTwoThreads}), then makes 'cpu' current again. */
export function onNativeWithTwoThreads(body: (backend: NativeBackend) => void): void {
  tf.setBackend('native');
  try {
    withTwoThreads(() => body(tf.backend() as NativeBackend));
  } finally {
    tf.setBackend('cpu');
  }
}

/** `runKernel(kernel, inputs, attrs)` as `run`, counting in `splits` the loops the addon split over its helpers meanwhile. */
export function splitCountingKernel(kernel: string, attrs: tf.NamedAttrMap): { run: (inputs: tf.NamedTensorMap) => tf.Tensor[]; readonly splits: number } {
  let splits = 0;
  return {
    run: (inputs) => {
      let outputs: tf.Tensor[] = [];
      splits += splitsDuring(() => {
        outputs = tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor[];
      });
      return outputs;
    },
    get splits() {
      return splits;
    },
  };
}

/** How many loops the addon split over its helper threads while `body` ran. */
export function splitsDuring(body: () => void): number {
  const before = nativeAddon().parallelJobs();
  body();
  return nativeAddon().parallelJobs() - before;
}

/**
 * Asserts that `jobs` (from {@link splitsDuring}) is `splits` where two CPUs are allowed, and 0
 * where only one is (then nothing is split).
 */
export function expectSplits(jobs: number, splits: number): void {
  expect(jobs).toBe(helpersPossible ? splits : 0);
}
