import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { fallbackCounts, resetFallbackCounts } from '@keras-ts/backend-kit';

describe("UnsortedSegmentSum on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('sums rows into their segments and drops out-of-range ids', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
    ]);
    const ids = tf.tensor1d([2, 0, 2, -1, 3], 'int32');
    const before = tf.memory().numTensors;
    resetFallbackCounts('wasm');
    const sums = tf.unsortedSegmentSum(x, ids, 3);
    // segment 0: row 1; segment 1: nothing; segment 2: rows 0 and 2; ids -1 and 3 are dropped.
    expect(sums.arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    expect(fallbackCounts('wasm')).toEqual({});
    sums.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ids]);
  });

  it.each([64, 8, 6])('adds float32 rows of %i in order, bit for bit as float32 sums (SIMD rows where a multiple of 4)', (rowSize) => {
    const [count, segments] = [300, 50];
    const values = Float32Array.from({ length: count * rowSize }, (_, i) => Math.sin(i * 1.3) * 10 ** ((i % 7) - 3));
    const idValues = Int32Array.from({ length: count }, (_, i) => ((i * 37) % 55) - 2); // −2 … 52: some out of range
    const expected = new Float32Array(segments * rowSize);
    idValues.forEach((id, i) => {
      if (id < 0 || id >= segments) return;
      for (let j = 0; j < rowSize; j++) expected[id * rowSize + j] = Math.fround(expected[id * rowSize + j]! + values[i * rowSize + j]!);
    });
    const x = tf.tensor2d(values, [count, rowSize]);
    const ids = tf.tensor1d(idValues, 'int32');
    const before = tf.memory().numTensors;
    const sums = tf.unsortedSegmentSum(x, ids, segments);
    const actual = sums.dataSync() as Float32Array;
    expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
    sums.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ids]);
  });

  it('keeps int32 values int32', () => {
    const x = tf.tensor1d([4, 5, 6], 'int32');
    const ids = tf.tensor1d([1, 1, 0], 'int32');
    const sums = tf.unsortedSegmentSum(x, ids, 2);
    expect(sums.dtype).toBe('int32');
    expect(Array.from(sums.dataSync())).toEqual([6, 9]);
    tf.dispose([x, ids, sums]);
  });

  it("gives Embedding's gradient: rows looked up twice get twice the upstream gradient", () => {
    const table = tf.tensor2d([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const indices = tf.tensor2d(
      [
        [0, 2],
        [2, 2],
      ],
      [2, 2],
      'int32',
    );
    resetFallbackCounts('wasm');
    const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, indices)))(table);
    expect(gradient.arraySync()).toEqual([
      [1, 1],
      [0, 0],
      [3, 3],
    ]);
    expect(fallbackCounts('wasm')).toEqual({});
    tf.dispose([table, indices, gradient]);
  });

  it('rejects segment ids whose shape is not a prefix of x', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const ids = tf.tensor1d([0, 1, 1], 'int32');
    expect(() => tf.unsortedSegmentSum(x, ids, 2)).toThrow(/segmentIds shape \[3\] must be a prefix of x shape \[2,2\]/);
    tf.dispose([x, ids]);
  });
});
