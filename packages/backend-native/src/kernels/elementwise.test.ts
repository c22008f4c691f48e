import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { available, expectClose, expectExactly, expectSplits, onNative, seeded, skipReason, splitsDuring, withTwoThreads } from './kernels.test-utils.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const unaryCases: Array<[string, (t: tf.Tensor) => tf.Tensor, (v: number) => number]> = [
  ['abs', tf.abs, Math.abs],
  ['neg', tf.neg, (v) => -v],
  ['exp', tf.exp, Math.exp],
  ['log(|x| + 1)', (t) => tf.log(tf.add(tf.abs(t), 1)), (v) => Math.log(Math.abs(v) + 1)],
  ['sqrt(|x|)', (t) => tf.sqrt(tf.abs(t)), (v) => Math.sqrt(Math.abs(v))],
  ['rsqrt(|x| + 0.5)', (t) => tf.rsqrt(tf.add(tf.abs(t), 0.5)), (v) => 1 / Math.sqrt(Math.abs(v) + 0.5)],
  ['square', tf.square, (v) => v * v],
  ['sigmoid', tf.sigmoid, sigmoid],
  ['tanh', tf.tanh, Math.tanh],
  ['relu', tf.relu, (v) => Math.max(0, v)],
  ['relu6(4x)', (t) => tf.relu6(tf.mul(t, 4)), (v) => Math.min(6, Math.max(0, 4 * v))],
  ['elu', tf.elu, (v) => (v > 0 ? v : Math.exp(v) - 1)],
  ['selu', tf.selu, (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1))],
  ['softplus', tf.softplus, (v) => Math.log(1 + Math.exp(v))],
  ['leakyRelu(0.3)', (t) => tf.leakyRelu(t, 0.3), (v) => (v < 0 ? 0.3 * v : v)],
  ['clipByValue(-0.5, 0.25)', (t) => tf.clipByValue(t, -0.5, 0.25), (v) => Math.min(0.25, Math.max(-0.5, v))],
  [
    'round(4x)',
    (t) => tf.round(tf.mul(t, 4)),
    (v) => {
      const r = Math.round(4 * v);
      return Math.abs(4 * v - Math.trunc(4 * v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    },
  ],
  ['sign', tf.sign, Math.sign],
];

describe.skipIf(!available)(`elementwise kernels on 'native' (${skipReason})`, () => {
  const x = seeded(24, 31, 2);
  for (const [name, op, reference] of unaryCases) {
    it(`${name} matches Math`, () => {
      expectClose(onNative(() => op(tf.tensor2d(x, [4, 6]))).values, x.map(reference), 2e-5);
    });
  }

  it('broadcasts binary ops over [2, 1, 3] and [4, 1] as the definition says', () => {
    const a = seeded(6, 32);
    const b = seeded(4, 33);
    const result = onNative(() => tf.sub(tf.tensor3d(a, [2, 1, 3]), tf.tensor2d(b, [4, 1])));
    expect(result.shape).toEqual([2, 4, 3]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) expected.push((a[i * 3 + k] ?? 0) - (b[j] ?? 0));
    expectClose(result.values, expected);
  });

  it('computes the optimizer ops (div, maximum, pow, squaredDifference) with a scalar operand', () => {
    const a = seeded(8, 34).map((v) => v + 2);
    const t = () => tf.tensor1d(a);
    expectClose(
      onNative(() => tf.div(t(), 3)).values,
      a.map((v) => v / 3),
    );
    expectClose(
      onNative(() => tf.maximum(t(), 2)).values,
      a.map((v) => Math.max(v, 2)),
    );
    expectClose(
      onNative(() => tf.pow(t(), 1.5)).values,
      a.map((v) => v ** 1.5),
    );
    expectClose(
      onNative(() => tf.squaredDifference(t(), 2)).values,
      a.map((v) => (v - 2) ** 2),
    );
  });

  it('keeps int32 arithmetic exact and returns bool comparisons', () => {
    const ints = onNative(() => tf.add(tf.tensor1d([2147483000, -5, 7], 'int32'), tf.tensor1d([600, 3, -9], 'int32')));
    expect(ints.dtype).toBe('int32');
    expect(ints.values).toEqual([2147483600, -2, -2]);
    const floorDiv = onNative(() => tf.floorDiv(tf.tensor1d([7, -7, 7, -7], 'int32'), tf.tensor1d([2, 2, -2, -2], 'int32')));
    expect(floorDiv.values).toEqual([3, -4, -4, 3]);
    const mod = onNative(() => tf.mod(tf.tensor1d([7, -7, 7, -7]), tf.tensor1d([3, 3, -3, -3])));
    expect(mod.values).toEqual([1, 2, -2, -1]);
    const less = onNative(() => tf.less(tf.tensor1d([1, 2, 3]), tf.scalar(2)));
    expect(less.dtype).toBe('bool');
    expect(less.values).toEqual([1, 0, 0]);
  });

  it.each([65_536, 140_003])('maps whole arrays of %i elements in one pass, split over two threads from 131,072', (size) => {
    const f = Math.fround;
    const a = seeded(size, 5).map(f);
    const b = seeded(size, 6).map(f);
    const ints = a.map((value) => Math.round(value * 1000) | 0);
    let results: number[][] = [];
    const jobs = withTwoThreads(() =>
      splitsDuring(() => {
        results = [
          onNative(() => tf.mul(tf.tensor1d(a), tf.tensor1d(b))).values,
          onNative(() => tf.sub(tf.tensor1d(a), tf.scalar(0.25))).values,
          onNative(() => tf.greater(tf.scalar(0.1), tf.tensor1d(b))).values,
          onNative(() => tf.add(tf.tensor1d(ints, 'int32'), tf.tensor1d(ints, 'int32'))).values,
        ];
      }),
    );
    expectExactly(
      results[0]!,
      a.map((value, i) => f(value * b[i]!)),
    );
    expectExactly(
      results[1]!,
      a.map((value) => f(value - 0.25)),
    );
    expectExactly(
      results[2]!,
      b.map((value) => (f(0.1) > value ? 1 : 0)),
    );
    expectExactly(
      results[3]!,
      ints.map((value) => 2 * value),
    );
    expectSplits(jobs, size >= 131_072 ? 4 : 0);
  });

  it('selects with where() and sums with addN', () => {
    const result = onNative(() => tf.where(tf.tensor1d([1, 0, 1], 'bool'), tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30])));
    expect(result.values).toEqual([1, 20, 3]);
    expect(onNative(() => tf.addN([tf.tensor1d([1, 2]), tf.tensor1d([3, 4]), tf.tensor1d([5, 6])])).values).toEqual([9, 12]);
  });

  it('batchNorm follows (x - mean) * scale / sqrt(variance + epsilon) + offset per channel', () => {
    const values = seeded(12, 35);
    const [mean, variance, offset, scale] = [
      [0.1, -0.2, 0.3],
      [1.5, 0.5, 2],
      [0, 1, -1],
      [2, 1, 0.5],
    ];
    const result = onNative(() =>
      tf.batchNorm(tf.tensor2d(values, [4, 3]), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(offset), tf.tensor1d(scale), 0.01),
    );
    const expected = values.map((v, i) => {
      const c = i % 3;
      return ((v - (mean[c] ?? 0)) * (scale[c] ?? 0)) / Math.sqrt((variance[c] ?? 0) + 0.01) + (offset[c] ?? 0);
    });
    expectClose(result.values, expected);
  });

  it('expandDims is a view with a size-1 axis', () => {
    const result = onNative(() => tf.expandDims(tf.tensor2d([1, 2, 3, 4], [2, 2]), -1));
    expect([result.shape, result.values]).toEqual([
      [2, 2, 1],
      [1, 2, 3, 4],
    ]);
  });
});
