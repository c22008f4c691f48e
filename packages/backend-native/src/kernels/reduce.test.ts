import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { at, available, expectClose, onNative, seeded, skipReason } from './kernels.test-utils.js';

const shape = [3, 4, 5];
const x = seeded(60, 41);

/** Reduces axes of x by `combine`, iterating every element explicitly. */
function reference(axes: number[], combine: (values: number[]) => number): number[] {
  const kept = [0, 1, 2].filter((d) => !axes.includes(d));
  const groups = new Map<string, number[]>();
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 4; j++)
      for (let k = 0; k < 5; k++) {
        const index = [i, j, k];
        const key = kept.map((d) => index[d]).join(',');
        const group = groups.get(key) ?? [];
        group.push(at(x, shape, index));
        groups.set(key, group);
      }
  return [...groups.values()].map(combine);
}

const sum = (v: number[]) => v.reduce((p, q) => p + q, 0);

describe.skipIf(!available)(`reductions on 'native' (${skipReason})`, () => {
  const input = () => tf.tensor3d(x, shape as [number, number, number]);
  for (const axes of [[2], [0], [1], [0, 2], [0, 1, 2]]) {
    it(`sum, mean, max, min and prod over axes [${axes}]`, () => {
      expectClose(onNative(() => tf.sum(input(), axes)).values, reference(axes, sum));
      expectClose(
        onNative(() => tf.mean(input(), axes)).values,
        reference(axes, (v) => sum(v) / v.length),
      );
      expectClose(
        onNative(() => tf.max(input(), axes)).values,
        reference(axes, (v) => Math.max(...v)),
      );
      expectClose(
        onNative(() => tf.min(input(), axes)).values,
        reference(axes, (v) => Math.min(...v)),
      );
      expectClose(
        onNative(() => tf.prod(input(), axes)).values,
        reference(axes, (v) => v.reduce((p, q) => p * q, 1)),
      );
    });
  }

  it('keepDims keeps size-1 axes; argMax / argMin give the first extreme index', () => {
    expect(onNative(() => tf.sum(input(), [0, 2], true)).shape).toEqual([1, 4, 1]);
    const rows = reference([2], (v) => v.indexOf(Math.max(...v)));
    const argMax = onNative(() => tf.argMax(input(), 2));
    expect(argMax.dtype).toBe('int32');
    expect(argMax.values).toEqual(rows);
    expect(onNative(() => tf.argMin(input(), 0)).values).toEqual(reference([0], (v) => v.indexOf(Math.min(...v))));
  });

  it('softmax and logSoftmax follow exp(x) / sum(exp(x)) on the last axis', () => {
    const expected: number[] = [];
    for (let row = 0; row < 12; row++) {
      const values = x.slice(row * 5, row * 5 + 5);
      const total = sum(values.map(Math.exp));
      expected.push(...values.map((v) => Math.exp(v) / total));
    }
    expectClose(onNative(() => tf.softmax(input())).values, expected);
    expectClose(onNative(() => tf.logSoftmax(input())).values, expected.map(Math.log));
  });

  it('sums int32 and bool tensors as int32', () => {
    const ints = onNative(() => tf.sum(tf.tensor1d([1, 2, 3], 'int32')));
    expect([ints.dtype, ints.values]).toEqual(['int32', [6]]);
    expect(onNative(() => tf.any(tf.tensor1d([0, 0, 1], 'bool'))).values).toEqual([1]);
    expect(onNative(() => tf.all(tf.tensor1d([0, 1, 1], 'bool'))).values).toEqual([0]);
  });
});
