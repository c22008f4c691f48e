import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { EMPTY_UNSAFE_REDUCTIONS } from './empty-reductions.js';

type Reduction = (x: tf.Tensor, axis?: number | number[], keepDims?: boolean) => tf.Tensor;
const reductions: [string, Reduction, tf.DataType][] = [
  ['max', tf.max, 'float32'],
  ['min', tf.min, 'int32'],
  ['prod', tf.prod, 'float32'],
  ['mean', tf.mean, 'float32'],
  ['sum', tf.sum, 'int32'],
  ['all', tf.all, 'bool'],
  ['any', tf.any, 'bool'],
  ['argMax', (x, axis) => tf.argMax(x, axis as number), 'float32'],
  ['argMin', (x, axis) => tf.argMin(x, axis as number), 'float32'],
];

/** The result on `backend`: shape, dtype and values (NaN as the string 'NaN', so it compares). */
async function reduceOn(backend: string, reduce: Reduction, shape: number[], dtype: tf.DataType, axis: number, keepDims: boolean) {
  await tf.setBackend(backend);
  // Garbage on the heap first, where an uninitialised output would find it.
  tf.dispose(tf.fill([4096], 7.5));
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const reduced = reduce(tf.zeros(shape, dtype), axis, keepDims);
    return { shape: reduced.shape, dtype: reduced.dtype, values: Array.from(reduced.dataSync(), (value) => (Number.isNaN(value) ? 'NaN' : value)) };
  });
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe("reductions of empty inputs on 'wasm'", () => {
  it('covers the reductions the stock backend registers', () => {
    expect(EMPTY_UNSAFE_REDUCTIONS).toContain(tf.Max);
    expect(reductions.length).toBe(EMPTY_UNSAFE_REDUCTIONS.length);
  });

  it.each(reductions)('%s of an empty %s input answers as the cpu backend (the stock kernel returned uninitialised memory)', async (_, reduce, dtype) => {
    for (const [shape, axis, keepDims] of [
      [[0, 4], 0, false],
      [[3, 0, 2], 1, true],
    ] as const) {
      const onWasm = await reduceOn('wasm', reduce, [...shape], dtype, axis, keepDims);
      const onCpu = await reduceOn('cpu', reduce, [...shape], dtype, axis, keepDims);
      expect(onWasm).toEqual(onCpu);
      expect(onWasm.values.length).toBeGreaterThan(0);
    }
    await tf.setBackend('wasm');
  });

  it('still reduces non-empty inputs with the wasm kernels', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([1, 5, -2, 4, 0, 3], [2, 3]);
    expect(Array.from(tf.max(x, 0).dataSync())).toEqual([4, 5, 3]);
    expect(Array.from(tf.prod(x, 1).dataSync())).toEqual([-10, 0]);
    expect(Array.from(tf.argMin(x, 1).dataSync())).toEqual([2, 1]);
    x.dispose();
  });
});
