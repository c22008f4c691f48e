import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: minusInf } = Number;

describe("NaN and ±Infinity on 'wasm' as on the cpu backend", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const x = () => tf.tensor1d([nan, inf, minusInf, -2, 0.5, 9]);
  const cases: [string, () => tf.Tensor, number[]][] = [
    ['clipByValue', () => tf.clipByValue(x(), -1, 1), [nan, 1, -1, -1, 0.5, 1]],
    ['relu6', () => tf.relu6(x()), [nan, 6, 0, 0, 0.5, 6]],
    ['maximum (NaN in a)', () => tf.maximum(x(), 0), [nan, inf, 0, 0, 0.5, 9]],
    ['maximum (NaN in b)', () => tf.maximum(0, x()), [nan, inf, 0, 0, 0.5, 9]],
    ['minimum (NaN in b, broadcast)', () => tf.minimum(tf.zeros([2, 6]), x()), [nan, 0, minusInf, -2, 0, 0, nan, 0, minusInf, -2, 0, 0]],
    ['fused matMul + relu', () => tf.fused.matMul({ a: tf.reshape(x(), [6, 1]), b: tf.ones([1, 1]), activation: 'relu' }), [nan, inf, 0, 0, 0.5, 9]],
    [
      'fused conv2d + relu6',
      () =>
        tf.fused.conv2d({
          x: tf.reshape(x(), [1, 6, 1, 1]) as tf.Tensor4D,
          filter: tf.ones([1, 1, 1, 1]) as tf.Tensor4D,
          strides: 1,
          pad: 'valid',
          activation: 'relu6',
        }),
      [nan, 6, 0, 0, 0.5, 6],
    ],
    // The NaN x86 computes (0 × ∞, ∞ − ∞) has its sign bit set; XNNPACK's integer-max ReLU zeroed it.
    [
      'relu of a NaN with the sign bit set',
      () => tf.relu(tf.tensor1d(new Float32Array(new Uint32Array([0xffc00000, 0x7fc00000, 0xbf800000]).buffer))),
      [nan, nan, 0],
    ],
    // Eight values go through the SIMD clamp (f32x4.max / f32x4.min), the last three through JS.
    [
      'relu6 over SIMD lanes and the tail',
      () =>
        tf.relu6(
          tf.tensor1d(
            new Float32Array(
              new Uint32Array([
                0x40000000, 0xffc00000, 0xbf800000, 0x7f800000, 0x7fc00000, 0xff800000, 0x3f000000, 0x41000000, 0xffc00000, 0xc0000000, 0x40e00000,
              ]).buffer,
            ),
          ),
        ),
      [2, nan, 0, 6, nan, 0, 0.5, 6, nan, 0, 6],
    ],
    ['relu of a computed NaN', () => tf.relu(tf.mul(tf.tensor1d([0, 1]), tf.tensor1d([inf, 2]))), [nan, 2]],
    // Categorical crossentropy clips its probabilities: NaN must not become −log(1e−7) ≈ 16.1.
    [
      'crossentropy of a NaN prediction',
      () => tf.neg(tf.sum(tf.mul(tf.tensor1d([0, 1]), tf.log(tf.clipByValue(tf.tensor1d([nan, nan]), 1e-7, 1 - 1e-7))))),
      [nan],
    ],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const before = tf.memory().numTensors;
      const out = tf.tidy(run);
      expect(Array.from(out.dataSync())).toEqual(expected);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
