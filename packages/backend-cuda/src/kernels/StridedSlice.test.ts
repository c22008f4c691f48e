import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useHostCopyBackend } from '../backend/host-copy-addon.test-utils.js';

// StridedSlice is one strided copy plus a view; the host double runs the copy with the same
// indexing as the device kernel and throws on any read outside the input.
useHostCopyBackend();

// x[b][t][c] = 100·b + 10·t + c, shape [2, 5, 3]: every value names its own position.
const shape = [2, 5, 3];
const at = (b: number, t: number, c: number): number => 100 * b + 10 * t + c;
const xValues: number[] = [];
for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let c = 0; c < 3; c++) xValues.push(at(b, t, c));

function sliced(run: (x: tf.Tensor) => tf.Tensor, dtype: 'float32' | 'int32' = 'float32'): { shape: number[]; values: number[] } {
  const x = tf.tensor(xValues, shape, dtype);
  const before = tf.memory().numTensors;
  const y = run(x);
  const result = { shape: y.shape, values: Array.from(y.dataSync()) };
  y.dispose();
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  return result;
}

describe('StridedSlice on cuda', () => {
  it('takes the last timestep with a shrunk axis (x[:, -1, :], as an RNN returns its last output)', () => {
    const result = sliced((x) => tf.stridedSlice(x, [0, -1, 0], [2, 5, 3], [1, 1, 1], 0, 0, 0, 0, 2));
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) for (let c = 0; c < 3; c++) expected.push(at(b, 4, c));
    expect(result).toEqual({ shape: [2, 3], values: expected });
  });

  it('steps backwards and by 2 while shrinking the first axis (x[1, 4:0:-2, ::2])', () => {
    const result = sliced((x) => tf.stridedSlice(x, [1, 4, 0], [2, 0, 3], [1, -2, 2], 0, 0, 0, 0, 1), 'int32');
    const expected: number[] = [];
    for (let t = 4; t > 0; t -= 2) for (let c = 0; c < 3; c += 2) expected.push(at(1, t, c));
    expect(result).toEqual({ shape: [2, 2], values: expected });
  });

  it('adds a new axis and clamps an end past the dimension (x[newaxis, 1:3])', () => {
    const result = sliced((x) => tf.stridedSlice(x, [0, 1], [1, 3], [1, 1], 0, 0, 0, 1, 0));
    const expected: number[] = [];
    for (let t = 0; t < 5; t++) for (let c = 0; c < 3; c++) expected.push(at(1, t, c));
    expect(result).toEqual({ shape: [1, 1, 5, 3], values: expected });
  });

  it('uses the begin and end masks (x[:, 1:, :2] written with masks)', () => {
    const result = sliced((x) => tf.stridedSlice(x, [9, 1, 9], [0, 0, 2], [1, 1, 1], 0b101, 0b011));
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) for (let t = 1; t < 5; t++) for (let c = 0; c < 2; c++) expected.push(at(b, t, c));
    expect(result).toEqual({ shape: [2, 4, 2], values: expected });
  });

  it('returns an empty tensor when begin is past end', () => {
    expect(sliced((x) => tf.stridedSlice(x, [0, 3, 0], [2, 1, 3], [1, 1, 1]))).toEqual({ shape: [2, 0, 3], values: [] });
  });
});
