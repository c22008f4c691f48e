import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { withoutHeapRunner } from './heap-module.js';

describe("MaxPool and MaxPoolGrad on 'wasm'", () => {
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

  it('a NaN inside a window does not restart the maximum (1 channel: XNNPACK, then the host)', () => {
    // XNNPACK's running maximum restarts at a NaN: it gave 1 and 2 for these windows, whose
    // maxima (NaN ignored, as on the cpu backend) are 3.
    const two = tf.tensor4d([1, 3, 0, Number.NaN], [1, 2, 2, 1]);
    const three = tf.tensor4d([3, 1, 1, 2, 0, 2, 0, 1, Number.NaN], [1, 3, 3, 1]);
    const pooled = [tf.maxPool(two, 2, 1, 'valid'), tf.maxPool(three, 3, 1, 'valid')];
    expect(pooled.map((t) => t.dataSync()[0])).toEqual([3, 3]);
    tf.dispose([two, three, ...pooled]);
  });

  // 37 channels: nine groups of four in the SIMD module and one in JavaScript (the pool's on the
  // host with the cpu rule); 36 and 8: all in
  // the module, and where the windows tile the image (2 × 2 stride 2 on 8 × 10, 3 × 3 stride 3 on
  // 9 × 6; not on 8 × 9 or 10 × 6, whose last column or row no window covers) the module writes dx
  // without it being zeroed first — run after a disposed tensor of 7s, whose memory the output is
  // likely to reuse, so an element left unwritten shows. Values 0…3 so most windows hold ties (the
  // first tap, row by row, must win), a few −∞ and NaN (never a winner; a window of only those
  // passes nothing), integer dy so the sums are exact in any order, and some −0 dy (a sum from
  // zero makes them +0).
  it.each([
    [3, 1, 'same', 7, 9, 37],
    [2, 2, 'valid', 7, 9, 37],
    [3, 2, 'same', 7, 9, 37],
    [2, 2, 'valid', 8, 10, 36],
    [2, 2, 'same', 8, 10, 36],
    [3, 3, 'valid', 9, 6, 8],
    [2, 2, 'valid', 8, 9, 8],
    [3, 3, 'valid', 10, 6, 8],
  ] as const)('%i-wide windows, stride %i, %s padding, %i × %i × %i: pool and gradient: module, JavaScript and explicit loops agree', (size, stride, padding, height, width, channels) => {
    const batch = 2;
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const xs = Array.from({ length: batch * height * width * channels }, () => {
      const u = next();
      return u < 0.02 ? Number.NaN : u < 0.04 ? Number.NEGATIVE_INFINITY : Math.floor(u * 4);
    });
    // Channel 5 of the first image: NaN and −∞ only, so its windows have no winner.
    for (let i = 5; i < height * width * channels; i += channels) xs[i] = i % 2 === 0 ? Number.NaN : Number.NEGATIVE_INFINITY;
    const outH = padding === 'same' ? Math.ceil(height / stride) : Math.floor((height - size) / stride) + 1;
    const outW = padding === 'same' ? Math.ceil(width / stride) : Math.floor((width - size) / stride) + 1;
    const top = padding === 'same' ? Math.floor(Math.max((outH - 1) * stride + size - height, 0) / 2) : 0;
    const left = padding === 'same' ? Math.floor(Math.max((outW - 1) * stride + size - width, 0) / 2) : 0;
    const dys = Array.from({ length: batch * outH * outW * channels }, () => {
      const d = Math.floor(next() * 10);
      return d === 0 ? -0 : d;
    });
    const expected = new Array<number>(xs.length).fill(0);
    const expectedPool = new Array<number>(dys.length);
    const at = (b: number, h: number, w: number, c: number) => ((b * height + h) * width + w) * channels + c;
    for (let b = 0; b < batch; b++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++)
          for (let c = 0; c < channels; c++) {
            let winner = -1;
            for (let fh = 0; fh < size; fh++)
              for (let fw = 0; fw < size; fw++) {
                const [h, w] = [oh * stride - top + fh, ow * stride - left + fw];
                if (h < 0 || h >= height || w < 0 || w >= width) continue;
                if (xs[at(b, h, w, c)]! > (winner < 0 ? Number.NEGATIVE_INFINITY : xs[winner]!)) winner = at(b, h, w, c);
              }
            const out = ((b * outH + oh) * outW + ow) * channels + c;
            expectedPool[out] = winner < 0 ? Number.NEGATIVE_INFINITY : xs[winner]!;
            if (winner >= 0) expected[winner] = expected[winner]! + dys[out]!;
          }
    const x = tf.tensor4d(xs, [batch, height, width, channels]);
    const dy = tf.tensor4d(dys, [batch, outH, outW, channels]);
    const gradientOf = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, size, stride, padding), dy)));
    const before = tf.memory().numTensors;
    tf.fill(x.shape, 7).dispose();
    const viaModule = gradientOf(x);
    const viaJavaScript = withoutHeapRunner('max-pool', () => gradientOf(x));
    expect(Array.from(viaModule.dataSync())).toEqual(expected);
    expect(Array.from(viaJavaScript.dataSync())).toEqual(expected);
    // The pool itself: the module, and XNNPACK with the NaN repair.
    tf.fill(dy.shape, 7).dispose();
    const poolViaModule = tf.maxPool(x, size, stride, padding);
    const poolViaStock = withoutHeapRunner('max-pool', () => tf.maxPool(x, size, stride, padding));
    expect(Array.from(poolViaModule.dataSync())).toEqual(expectedPool);
    expect(Array.from(poolViaStock.dataSync())).toEqual(expectedPool);
    tf.dispose([viaModule, viaJavaScript, poolViaModule, poolViaStock]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });
});
