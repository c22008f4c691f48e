import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

describe("MaxPoolGrad on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('routes the gradient to each window maximum, including all-negative windows', () => {
    // 4×4 image, 2×2 windows, stride 2. Window maxima: -1 (index 1), 6 (index 6), -3 (index 9), 8 (index 15).
    const x = tf.tensor4d([-2, -1, 5, 4, -4, -5, 6, 0, -6, -3, 1, 2, -7, -8, 3, 8], [1, 4, 4, 1]);
    const weights = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid'), weights)))(x);
    const expected = new Array(16).fill(0);
    expected[1] = 10;
    expected[6] = 20;
    expected[9] = 30;
    expected[15] = 40;
    expect(Array.from(gradient.dataSync())).toEqual(expected);
    gradient.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, weights]);
  });

  it("accumulates overlapping windows with 'same' padding", () => {
    // 1×3 row, 2-wide windows, stride 1, same padding: windows [0,1], [1,2], [2]; max 9 at index 1 twice, then index 2.
    const x = tf.tensor4d([1, 9, 4], [1, 1, 3, 1]);
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.maxPool(input as tf.Tensor4D, [1, 2], 1, 'same')))(x);
    expect(Array.from(gradient.dataSync())).toEqual([0, 2, 1]);
    tf.dispose([x, gradient]);
  });
});
