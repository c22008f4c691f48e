import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { withoutHeapRunner } from './heap-module.js';

/** Each column's values added one after another in float32 over `rows` rows (the reference). */
function sequentialColumnSums(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(columns);
  for (let j = 0; j < columns; j++) {
    let total = 0;
    for (let i = 0; i < rows; i++) total = Math.fround(total + values[i * columns + j]!);
    out[j] = total;
  }
  return out;
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
const values = (length: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 1.3) * 10 ** ((i % 7) - 3));

describe("Sum on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([
    [[128, 512], [0], false],
    [[7, 10], [0], false],
    [[4, 3, 12], [0, 1], false],
    [[4, 3, 12], [0, 1], true],
    [[300, 4], 0, true],
    // 32-, 16-, 8- and 4-column passes, then two columns left to JavaScript.
    [[37, 62], [0], false],
    [[5, 3, 28], [0, 1], false],
  ] as const)('sums %j over leading axes %j (keepDims %s) bit for bit as sequential float32 column sums, as the stock kernel does', (shape, axis, keepDims) => {
    const data = values(shape.reduce((a, b) => a * b, 1));
    const x = tf.tensor(data, [...shape]);
    const before = tf.memory().numTensors;
    const summed = tf.sum(x, axis as number | number[], keepDims);
    const stock = withoutHeapRunner('column-sums-float32', () => tf.sum(x, axis as number | number[], keepDims));
    const reduced = typeof axis === 'number' ? 1 : axis.length;
    const columns = shape.slice(reduced).reduce((a, b) => a * b, 1);
    const rows = data.length / columns;
    expect(summed.shape).toEqual(stock.shape);
    const expected = sequentialColumnSums(data, rows, columns);
    expect(bits(summed.dataSync() as Float32Array)).toEqual(bits(expected));
    expect(bits(stock.dataSync() as Float32Array)).toEqual(bits(expected));
    tf.dispose([summed, stock]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('runs other sums through the stock kernel (inner axes, leading axes out of order, fewer than four columns, int32)', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const cube = tf.tensor3d(values(4 * 3 * 12), [4, 3, 12]);
      const outOfOrder = tf.sum(cube, [1, 0]);
      const stockOrder = withoutHeapRunner('column-sums-float32', () => tf.sum(cube, [1, 0]));
      expect(bits(outOfOrder.dataSync() as Float32Array)).toEqual(bits(stockOrder.dataSync() as Float32Array));
      const x = tf.tensor2d(values(5 * 6), [5, 6]);
      expect(Array.from(tf.sum(x, 1).dataSync())).toEqual(Array.from(sequentialColumnSums(tf.transpose(x).dataSync() as Float32Array, 6, 5)));
      const narrow = tf.tensor2d(values(9), [3, 3]);
      expect(bits(tf.sum(narrow, 0).dataSync() as Float32Array)).toEqual(bits(sequentialColumnSums(values(9), 3, 3)));
      expect(Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32'), 0).dataSync())).toEqual([6, 8, 10, 12]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sums an empty input to zeros (the stock kernel returned uninitialised memory)', () => {
    const before = tf.memory().numTensors;
    // Dirty the heap first so that uninitialised memory would show.
    tf.dispose(tf.fill([4096], 7.5));
    tf.tidy(() => {
      expect(Array.from(tf.sum(tf.zeros([0, 8]), 0).dataSync())).toEqual(new Array<number>(8).fill(0));
      expect(tf.sum(tf.zeros([0, 8]), 0, true).shape).toEqual([1, 8]);
      expect(Array.from(tf.sum(tf.zeros([3, 0, 2], 'int32'), 1).dataSync())).toEqual(new Array<number>(6).fill(0));
      expect(tf.sum(tf.zeros([0]), 0).shape).toEqual([]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
