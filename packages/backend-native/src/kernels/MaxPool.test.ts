import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { at, available, expectClose, expectExactly, onNative, seeded, skipReason } from './kernels.test-utils.js';

// 2x2 windows, stride 2, 'valid' on a [1, 4, 6, 2] input: windows never overlap, so the
// gradient of sum(pool * r) puts r at each window's arg-max (max) or r / 4 on each tap (avg).
const shape = [1, 4, 6, 2];
const x = seeded(48, 21);

function windows(visit: (oy: number, ox: number, c: number, taps: number[][]) => void): void {
  for (let oy = 0; oy < 2; oy++)
    for (let ox = 0; ox < 3; ox++)
      for (let c = 0; c < 2; c++) {
        const taps = [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ].map(([dy, dx]) => [0, oy * 2 + (dy ?? 0), ox * 2 + (dx ?? 0), c]);
        visit(oy, ox, c, taps);
      }
}

describe.skipIf(!available)(`MaxPool / AvgPool and gradients on 'native' (${skipReason})`, () => {
  it('maxPool and avgPool match the window definitions', () => {
    const max: number[] = [];
    const avg: number[] = [];
    windows((_oy, _ox, _c, taps) => {
      const values = taps.map((tap) => at(x, shape, tap));
      max.push(Math.max(...values));
      avg.push(values.reduce((p, v) => p + v, 0) / 4);
    });
    const input = () => tf.tensor4d(x, shape as [number, number, number, number]);
    expectClose(onNative(() => tf.maxPool(input(), 2, 2, 'valid')).values, max);
    expectClose(onNative(() => tf.avgPool(input(), 2, 2, 'valid')).values, avg);
  });

  it('gradients route dy to the arg-max (max) or spread it evenly (avg)', () => {
    const r = seeded(12, 22);
    const dMax = new Array<number>(48).fill(0);
    const dAvg = new Array<number>(48).fill(0);
    const flat = (i: number[]) => ((i[1] ?? 0) * 6 + (i[2] ?? 0)) * 2 + (i[3] ?? 0);
    let window = 0;
    windows((_oy, _ox, _c, taps) => {
      const values = taps.map((tap) => at(x, shape, tap));
      const best = taps[values.indexOf(Math.max(...values))] ?? [];
      dMax[flat(best)] = r[window] ?? 0;
      for (const tap of taps) dAvg[flat(tap)] = (r[window] ?? 0) / 4;
      window++;
    });
    const grad = (pool: (t: tf.Tensor4D) => tf.Tensor) =>
      onNative(() => {
        const rt = tf.tensor4d(r, [1, 2, 3, 2]);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor4D), rt)))(tf.tensor4d(x, shape as [number, number, number, number]));
      });
    expectClose(grad((t) => tf.maxPool(t, 2, 2, 'valid')).values, dMax);
    expectClose(grad((t) => tf.avgPool(t, 2, 2, 'valid')).values, dAvg);
  });

  // Many channels (the cloned channel loop's vector body and its remainder), overlapping windows,
  // padding, and small integer values, so that most windows hold ties: the gradient goes to the
  // first tap (row by row) holding the maximum, and integer dy sums exactly in any order.
  it.each([
    [3, 1, 'same'],
    [2, 2, 'valid'],
    [3, 2, 'same'],
  ] as const)('maxPool gradient, %i-wide square windows, stride %i, %s padding, 37 channels: dy goes to the first maximum', (size, stride, padding) => {
    const [batch, height, width, channels] = [2, 7, 9, 37];
    const xs = seeded(batch * height * width * channels, 31).map((v) => Math.floor((v + 1) * 2)); // 0 … 3
    const outH = padding === 'same' ? Math.ceil(height / stride) : Math.floor((height - size) / stride) + 1;
    const outW = padding === 'same' ? Math.ceil(width / stride) : Math.floor((width - size) / stride) + 1;
    const padTop = padding === 'same' ? Math.floor(Math.max((outH - 1) * stride + size - height, 0) / 2) : 0;
    const padLeft = padding === 'same' ? Math.floor(Math.max((outW - 1) * stride + size - width, 0) / 2) : 0;
    const dys = seeded(batch * outH * outW * channels, 32).map((v) => Math.floor((v + 1) * 4.5) + 1); // 1 … 9
    const expected = new Array<number>(xs.length).fill(0);
    const flat = (b: number, h: number, w: number, c: number) => ((b * height + h) * width + w) * channels + c;
    for (let b = 0; b < batch; b++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++)
          for (let c = 0; c < channels; c++) {
            let best = -Infinity;
            let where = -1;
            for (let fh = 0; fh < size; fh++)
              for (let fw = 0; fw < size; fw++) {
                const h = oh * stride - padTop + fh;
                const w = ow * stride - padLeft + fw;
                if (h < 0 || h >= height || w < 0 || w >= width) continue;
                if (xs[flat(b, h, w, c)]! > best) {
                  best = xs[flat(b, h, w, c)]!;
                  where = flat(b, h, w, c);
                }
              }
            expected[where] = expected[where]! + dys[((b * outH + oh) * outW + ow) * channels + c]!;
          }
    const gradient = onNative(() => {
      const dy = tf.tensor4d(dys, [batch, outH, outW, channels]);
      const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, size, stride, padding);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), dy)))(tf.tensor4d(xs, [batch, height, width, channels]));
    });
    expectExactly(gradient.values, expected);
  });

  it("avgPool with 'same' padding averages only the taps inside the input", () => {
    const result = onNative(() => tf.avgPool(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), 2, 2, 'same'));
    expect(result.shape).toEqual([1, 2, 2, 1]);
    expectClose(result.values, [(1 + 2 + 4 + 5) / 4, (3 + 6) / 2, (7 + 8) / 2, 9]);
  });
});
