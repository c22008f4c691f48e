import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { available, onNative, seeded, skipReason } from './kernels.test-utils.js';

// x[i][j] = 10 * i + j makes every expected value readable from its position.
const x = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23];
const input = () => tf.tensor2d(x, [3, 4]);

describe.skipIf(!available)(`data-movement and index kernels on 'native' (${skipReason})`, () => {
  it('transposes, slices and strided-slices', () => {
    expect(onNative(() => tf.transpose(input())).values).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23]);
    expect(onNative(() => tf.slice(input(), [1, 1], [2, 2])).values).toEqual([11, 12, 21, 22]);
    const strided = onNative(() => tf.stridedSlice(input(), [0, 3], [3, 0], [2, -2]));
    expect(strided.values).toEqual([3, 1, 23, 21]);
    expect(onNative(() => tf.stridedSlice(input(), [1, 0], [2, 4], [1, 1], 0, 0, 0, 0, 1)).shape).toEqual([4]);
  });

  it('shares the data of a transpose that only moves length-1 axes, and copies a real one', () => {
    tf.setBackend('native');
    try {
      const column = tf.tensor3d([1, 2, 3, 4, 5, 6], [3, 1, 2]);
      const before = tf.memory();
      const moved = tf.transpose(column, [1, 0, 2]);
      expect([moved.shape, moved.dataId === column.dataId, tf.memory().numDataBuffers - before.numDataBuffers]).toEqual([[1, 3, 2], true, 0]);
      const swapped = tf.transpose(column, [2, 1, 0]);
      expect([swapped.shape, swapped.dataId === column.dataId, tf.memory().numDataBuffers - before.numDataBuffers]).toEqual([[2, 1, 3], false, 1]);
      column.dispose();
      expect(Array.from(moved.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(swapped.dataSync())).toEqual([1, 3, 5, 2, 4, 6]);
      tf.dispose([moved, swapped]);
      expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers - 1);
    } finally {
      tf.setBackend('cpu');
    }
  });

  it('concatenates, splits, stacks and unstacks', () => {
    expect(onNative(() => tf.concat([input(), tf.tensor2d([[9], [9], [9]])], 1)).values).toEqual([0, 1, 2, 3, 9, 10, 11, 12, 13, 9, 20, 21, 22, 23, 9]);
    expect(onNative(() => tf.split(input(), [1, 3], 1)[1] as tf.Tensor).values).toEqual([1, 2, 3, 11, 12, 13, 21, 22, 23]);
    const stacked = onNative(() => tf.stack([tf.tensor1d([1, 2]), tf.tensor1d([3, 4])], 1));
    expect([stacked.shape, stacked.values]).toEqual([
      [2, 2],
      [1, 3, 2, 4],
    ]);
    expect(onNative(() => tf.unstack(input(), 1)[2] as tf.Tensor).values).toEqual([2, 12, 22]);
  });

  it('tiles, pads, reverses and casts', () => {
    expect(onNative(() => tf.tile(tf.tensor2d([1, 2], [1, 2]), [2, 2])).values).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
    expect(
      onNative(() =>
        tf.pad(
          tf.tensor2d([1, 2], [1, 2]),
          [
            [1, 0],
            [0, 1],
          ],
          7,
        ),
      ).values,
    ).toEqual([7, 7, 7, 1, 2, 7]);
    expect(onNative(() => tf.reverse(input(), [0, 1])).values).toEqual([...x].reverse());
    const cast = onNative(() => tf.cast(tf.tensor1d([1.7, -1.7, 0]), 'int32'));
    expect([cast.dtype, cast.values]).toEqual(['int32', [1, -1, 0]]);
    expect(onNative(() => tf.cast(tf.tensor1d([2, 0, -1]), 'bool')).values).toEqual([1, 0, 1]);
  });

  it('gathers rows, sums segments and one-hot encodes', () => {
    expect(onNative(() => tf.gather(input(), tf.tensor1d([2, 0, 2], 'int32'))).values).toEqual([20, 21, 22, 23, 0, 1, 2, 3, 20, 21, 22, 23]);
    expect(onNative(() => tf.gather(input(), tf.tensor1d([3, 1], 'int32'), 1)).values).toEqual([3, 1, 13, 11, 23, 21]);
    const segments = onNative(() => tf.unsortedSegmentSum(input(), tf.tensor1d([1, 0, 1], 'int32'), 2));
    expect(segments.values).toEqual([10, 11, 12, 13, 20, 22, 24, 26]);
    expect(onNative(() => tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3)).values).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('gathers into a recycled array every element of it (no stale values from the array’s last use)', () => {
    tf.setBackend('native');
    // 64 rows of 100 floats: 25.6 KB, an array size the buffer pool recycles.
    const rows = tf.tensor2d(seeded(200 * 100, 3), [200, 100]);
    const picks = tf.tensor1d(
      Array.from({ length: 64 }, (_, i) => (i * 37) % 200),
      'int32',
    );
    const expected = Array.from(tf.gather(rows, picks).dataSync());
    for (let round = 0; round < 3; round++) {
      // Leaves a freed array of the gather's size full of NaN in the pool.
      tf.fill([64, 100], Number.NaN).dispose();
      const again = tf.gather(rows, picks);
      expect(Array.from(again.dataSync())).toEqual(expected);
      again.dispose();
    }
    tf.dispose([rows, picks]);
  });

  it('rejects out-of-range gather indices, naming the index and the valid range', () => {
    expect(() => onNative(() => tf.gather(input(), tf.tensor1d([5], 'int32')))).toThrow(/index value 5 is not in \[0, 2\]/);
  });

  it('backpropagates through gather as a segment sum (Embedding)', () => {
    const grad = onNative(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([1, 1, 0], 'int32'))))(input()));
    expect(grad.values).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0]);
  });
});

describe.skipIf(!available)(`Slice views on 'native' (${skipReason})`, () => {
  it('returns whole rows and whole tensors as correct views that outlive their source', () => {
    const values = seeded(6 * 5, 41);
    tf.setBackend('native');
    try {
      const before = tf.memory().numTensors;
      const source = tf.tensor2d(values, [6, 5]);
      const rows = tf.slice(source, [2, 0], [3, 5]);
      const whole = tf.slice(source, [0, 0], [6, 5]);
      const box = tf.slice(source, [1, 1], [2, 3]);
      source.dispose();
      expect(Array.from(rows.dataSync())).toEqual(Array.from(Float32Array.from(values.slice(10, 25))));
      expect(Array.from(whole.dataSync())).toEqual(Array.from(Float32Array.from(values)));
      const expectedBox = [6, 7, 8, 11, 12, 13].map((i) => Math.fround(values[i] ?? Number.NaN));
      expect(Array.from(box.dataSync())).toEqual(expectedBox);
      tf.dispose([rows, whole, box]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.setBackend('cpu');
    }
  });
});
