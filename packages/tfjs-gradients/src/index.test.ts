import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { gradientFor } from './index.js';

describe('@keras-ts/tfjs-gradients', () => {
  it('registers the gradients tf.grad needs in Node', () => {
    for (const kernel of ['Add', 'BatchMatMul', 'Conv2D', 'Relu', 'Softmax', 'GatherV2', 'Tanh', 'Sigmoid']) {
      expect(gradientFor(kernel), kernel).toBeDefined();
    }
    // d/dx of x·(x + x) = 4x
    const dx = tf.grad((x: tf.Tensor) => tf.mul(x, tf.add(x, x)))(tf.scalar(3));
    expect(dx.dataSync()[0]).toBe(12);
    dx.dispose();
  });

  it('differentiates a matmul-softmax chain like the closed form', () => {
    const x = tf.tensor2d([[1, 2]]);
    const w = tf.tensor2d([
      [0.5, -0.5],
      [0.25, 0.75],
    ]);
    const g = tf.grad((weights: tf.Tensor) => tf.sum(tf.mul(tf.softmax(tf.matMul(x, weights)), tf.tensor2d([[1, 0]]))))(w);
    // s = softmax(z), z = x·W; d s0/dz = s0·(1 - s0, -s1); dW = xᵀ · dz
    const z = [1 * 0.5 + 2 * 0.25, 1 * -0.5 + 2 * 0.75];
    const e = z.map(Math.exp);
    const s = e.map((v) => v / (e[0]! + e[1]!));
    const dz = [s[0]! * (1 - s[0]!), -s[0]! * s[1]!];
    const expected = [1 * dz[0]!, 1 * dz[1]!, 2 * dz[0]!, 2 * dz[1]!];
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    tf.dispose([x, w, g]);
  });
});
