import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Metric } from '../base/metric.js';

/** Asserts two number arrays agree elementwise within `tolerance` (absolute plus relative). */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let index = 0; index < expected.length; index++) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    const bound = tolerance * (1 + Math.abs(e));
    if (!(Math.abs(a - e) <= bound)) throw new Error(`element ${index}: got ${a}, expected ${e} (tolerance ${bound})`);
  }
}

/** Reads a tensor's values and disposes it. */
export function take(tensor: tf.Tensor): number[] {
  const values = Array.from(tensor.dataSync());
  tensor.dispose();
  return values;
}

/** A deterministic pseudo-random generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One batch of plain data: targets, predictions and optional per-sample weights. */
export interface Batch {
  yTrue: number[] | number[][];
  yPred: number[] | number[][];
  sampleWeight?: number[];
}

/** Splits rows into consecutive batches of the given (unequal) sizes. */
export function splitRows<T>(rows: T[], sizes: number[]): T[][] {
  const result: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    result.push(rows.slice(start, start + size));
    start += size;
  }
  expect(start).toBe(rows.length);
  return result;
}

/**
 * Feeds `batches` to `metric` and returns its result values. Also checks that updates, results
 * and resets leak no tensors once the metric's state exists.
 */
export function runBatches(metric: Metric, batches: Batch[]): number[] {
  metric.resetState();
  const feed = (batch: Batch) => {
    tf.tidy(() => {
      const weight = batch.sampleWeight === undefined ? undefined : tf.tensor(batch.sampleWeight);
      metric.updateState(tf.tensor(batch.yTrue), tf.tensor(batch.yPred), weight);
    });
  };
  const [first, ...rest] = batches;
  if (first !== undefined) feed(first);
  const before = tf.memory().numTensors;
  for (const batch of rest) {
    // Unwrapped updates must not leak either: the engine wraps them in tidy, users may not.
    const yTrue = tf.tensor(batch.yTrue);
    const yPred = tf.tensor(batch.yPred);
    const weight = batch.sampleWeight === undefined ? undefined : tf.tensor(batch.sampleWeight);
    metric.updateState(yTrue, yPred, weight);
    tf.dispose([yTrue, yPred, ...(weight === undefined ? [] : [weight])]);
  }
  const values = take(metric.result());
  expect(tf.memory().numTensors).toBe(before);
  return values;
}
