import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { at, available, expectClose, onNative, seeded, skipReason } from './kernels.test-utils.js';

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

  it("avgPool with 'same' padding averages only the taps inside the input", () => {
    const result = onNative(() => tf.avgPool(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), 2, 2, 'same'));
    expect(result.shape).toEqual([1, 2, 2, 1]);
    expectClose(result.values, [(1 + 2 + 4 + 5) / 4, (3 + 6) / 2, (7 + 8) / 2, 9]);
  });
});
