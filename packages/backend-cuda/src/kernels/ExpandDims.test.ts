import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { describe, expect, it } from 'vitest';
import { useHostCopyBackend } from '../backend/host-copy-addon.test-utils.js';

// ExpandDims and Squeeze (a Reshape) are views: no device kernel runs, so the host double of
// device memory runs them exactly as the GPU would.
useHostCopyBackend();

const values = [1.5, -2, 3.25, 4, -5.5, 6, 7, -8, 9, 10.5, -11, 12];

describe('ExpandDims on cuda', () => {
  it('inserts a size-1 axis and keeps the values, for every axis (negative ones too)', () => {
    const x = tf.tensor2d(values, [3, 4]);
    const before = tf.memory().numTensors;
    const expected: Record<number, number[]> = { 0: [1, 3, 4], 1: [3, 1, 4], 2: [3, 4, 1], [-1]: [3, 4, 1], [-3]: [1, 3, 4] };
    for (const [axis, shape] of Object.entries(expected)) {
      const y = tf.expandDims(x, Number(axis));
      expect(y.shape).toEqual(shape);
      expect(Array.from(y.dataSync())).toEqual(values);
      y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("keeps int32 and bool dtypes (unsortedSegmentSum's gradient expands a bool mask)", () => {
    const ints = tf.tensor1d([3, -1, 2], 'int32');
    const mask = tf.tensor1d([1, 0, 1], 'bool');
    const before = tf.memory().numTensors;
    const expandedInts = tf.expandDims(ints, 1);
    const expandedMask = tf.expandDims(mask, 1);
    expect([expandedInts.dtype, expandedMask.dtype]).toEqual(['int32', 'bool']);
    expect(expandedInts.shape).toEqual([3, 1]);
    expect(expandedInts.dataSync()).toEqual(new Int32Array([3, -1, 2]));
    expect(expandedMask.dataSync()).toEqual(new Uint8Array([1, 0, 1]));
    tf.dispose([expandedInts, expandedMask]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ints, mask]);
  });

  it('round-trips through squeeze, as Keras builds 1D pooling', () => {
    const x = tf.tensor2d(values, [3, 4]);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => tf.squeeze(tf.expandDims(x, 1), [1]));
    expect(y.shape).toEqual([3, 4]);
    expect(Array.from(y.dataSync())).toEqual(values);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('passes the gradient back unchanged, reshaped to the input', () => {
    const x = tf.tensor2d(values, [3, 4]);
    const dyValues = values.map((value, i) => value * 0.5 - i);
    const dy = tf.tensor3d(dyValues, [3, 1, 4]);
    const before = tf.memory().numTensors;
    const dx = tf.grad((input: tf.Tensor) => tf.expandDims(input, 1))(x, dy);
    expect(dx.shape).toEqual([3, 4]);
    expect(Array.from(dx.dataSync())).toEqual(dyValues);
    dx.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });

  it('rejects an out-of-range axis with a message naming it', () => {
    const x = tf.tensor2d(values, [3, 4]);
    expect(() => tf.engine().runKernel(tf.ExpandDims, { input: x }, { dim: 4 })).toThrow(
      /axis 4 is out of range for a tensor of rank 2; expected an integer in \[-3, 2\]/,
    );
    x.dispose();
  });
});
