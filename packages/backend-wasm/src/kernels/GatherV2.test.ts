import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { stockKernel } from '../backend/stock-kernels.js';
import '../index.js';
import { GATHER_ROWS, gatherRowsRunner } from './gather-rows.js';
import { withoutHeapRunner } from './heap-module.js';

/** Gathers along `axis` with explicit loops over a row-major array. */
function reference(values: number[], shape: number[], indices: number[], axis: number): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const axisSize = shape[axis]!;
  const result: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      for (let i = 0; i < inner; i++) result.push(values[(o * axisSize + index) * inner + i]!);
    }
  }
  return result;
}

function range(n: number, scale = 1): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 7919) % 1013) * scale - 300);
}

describe("GatherV2 on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([
    ['rows of a matrix', [50, 20], [3, 0, 49, 3], 0, 'float32'],
    ['the middle axis', [3, 6, 4, 5], [5, 1, 1], 1, 'float32'],
    ['int32 rows', [10, 17], [9, 2], 0, 'int32'],
    ['short slices', [4, 6, 3], [0, 5, 2], 1, 'float32'],
    ['the last axis', [5, 40], [39, 0, 7], 1, 'int32'],
  ] as const)('gathers %s like explicit loops', (_, shape, indices, axis, dtype) => {
    const values = range(
      shape.reduce((a, b) => a * b, 1),
      dtype === 'int32' ? 1 : 0.25,
    );
    const x = tf.tensor(values, [...shape], dtype);
    const positions = tf.tensor1d([...indices], 'int32');
    const before = tf.memory().numTensors;
    const gathered = tf.gather(x, positions, axis);
    const expectedShape = [...shape.slice(0, axis), indices.length, ...shape.slice(axis + 1)];
    expect(gathered.shape).toEqual(expectedShape);
    expect(gathered.dtype).toBe(dtype);
    expect(Array.from(gathered.dataSync())).toEqual(reference(values, [...shape], [...indices], axis));
    gathered.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, positions]);
  });

  it('copies slices of any length with the bulk-memory module, and the same values without it (short ones by the stock kernel)', () => {
    expect(gatherRowsRunner(tf.backend() as never)).toBeTypeOf('function');
    const stock = stockKernel(tf.GatherV2);
    const stockCall = vi.spyOn(stock, 'kernelFunc');
    try {
      // A batch of one-hot targets (10 floats a row) and of labels (one int32 each).
      for (const [shape, dtype] of [
        [[40, 10], 'float32'],
        [[40], 'int32'],
      ] as const) {
        const values = range(
          shape.reduce((a, b) => a * b, 1),
          dtype === 'int32' ? 1 : 0.5,
        );
        const x = tf.tensor(values, [...shape], dtype);
        const positions = tf.tensor1d([39, 0, 17, 17, 2], 'int32');
        const gathered = tf.gather(x, positions);
        expect(stockCall).not.toHaveBeenCalled();
        const withoutModule = withoutHeapRunner(GATHER_ROWS, () => tf.gather(x, positions));
        expect(stockCall).toHaveBeenCalledTimes(1);
        stockCall.mockClear();
        const expected = reference(values, [...shape], [39, 0, 17, 17, 2], 0);
        expect(Array.from(gathered.dataSync())).toEqual(expected);
        expect(Array.from(withoutModule.dataSync())).toEqual(expected);
        tf.dispose([x, positions, gathered, withoutModule]);
      }
    } finally {
      stockCall.mockRestore();
    }
    // An Embedding's forward: 64-float rows picked by token ids, with repeats; and a middle axis (several outer blocks).
    for (const [shape, axis, count] of [
      [[300, 64], 0, 1000],
      [[4, 30, 5, 4], 1, 70],
    ] as const) {
      const values = range(
        shape.reduce((a, b) => a * b, 1),
        0.125,
      );
      const indices = Array.from({ length: count }, (_, i) => (i * 131) % shape[axis]!);
      const x = tf.tensor(values, [...shape]);
      const positions = tf.tensor1d(indices, 'int32');
      const before = tf.memory().numTensors;
      const gathered = tf.gather(x, positions, axis);
      const withoutModule = withoutHeapRunner(GATHER_ROWS, () => tf.gather(x, positions, axis));
      const expected = reference(values, [...shape], indices, axis);
      expect(Array.from(gathered.dataSync())).toEqual(expected);
      expect(Array.from(withoutModule.dataSync())).toEqual(expected);
      tf.dispose([gathered, withoutModule]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, positions]);
    }
  });

  it('keeps the shape of 2-D indices and gathers booleans', () => {
    const values = range(8 * 16).map((v) => (v % 3 === 0 ? 1 : 0));
    const x = tf.tensor(values, [8, 16], 'bool');
    const positions = tf.tensor2d(
      [
        [7, 1],
        [0, 7],
      ],
      [2, 2],
      'int32',
    );
    const gathered = tf.gather(x, positions);
    expect(gathered.shape).toEqual([2, 2, 16]);
    expect(gathered.dtype).toBe('bool');
    expect(Array.from(gathered.dataSync())).toEqual(reference(values, [8, 16], [7, 1, 0, 7], 0));
    // One-byte slices: a boolean mask's elements.
    const column = tf.gather(x, positions, 1);
    expect(column.shape).toEqual([8, 2, 2]);
    expect(Array.from(column.dataSync())).toEqual(reference(values, [8, 16], [7, 1, 0, 7], 1));
    tf.dispose([x, positions, gathered, column]);
  });

  it('runs batchDims gathers through the stock kernel', () => {
    const values = range(2 * 5 * 16, 0.5);
    const x = tf.tensor(values, [2, 5, 16]);
    const positions = tf.tensor2d(
      [
        [4, 0],
        [1, 1],
      ],
      [2, 2],
      'int32',
    );
    const gathered = tf.gather(x, positions, 1, 1);
    expect(gathered.shape).toEqual([2, 2, 16]);
    const expected = [...reference(values.slice(0, 80), [5, 16], [4, 0], 0), ...reference(values.slice(80), [5, 16], [1, 1], 0)];
    expect(Array.from(gathered.dataSync())).toEqual(expected);
    tf.dispose([x, positions, gathered]);
  });

  it('rejects an index outside the axis, naming it', () => {
    const x = tf.zeros([4, 16]);
    const positions = tf.tensor1d([1, 4], 'int32');
    expect(() => tf.gather(x, positions)).toThrow(/index 4 is outside \[0, 3\] for axis 0/);
    tf.dispose([x, positions]);
  });
});
