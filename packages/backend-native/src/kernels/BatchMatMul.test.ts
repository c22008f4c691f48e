import * as tf from '@tensorflow/tfjs-core';
import { fallbackCounts, resetFallbackCounts, setFallbackLogger } from '@keras-ts/backend-kit';
import { describe, expect, it } from 'vitest';
import { at, available, expectClose, onNative, seeded, skipReason } from './kernels.test-utils.js';

/** op(a) x op(b) for 2-D row-major arrays, by the definition. */
function referenceMatMul(a: number[], aShape: number[], b: number[], bShape: number[], transposeA: boolean, transposeB: boolean): number[] {
  const [ar, ac] = aShape as [number, number];
  const [br, bc] = bShape as [number, number];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? at(a, aShape, [p, i]) : at(a, aShape, [i, p]);
        const bv = transposeB ? at(b, bShape, [j, p]) : at(b, bShape, [p, j]);
        sum += av * bv;
      }
      out.push(sum);
    }
  return out;
}

describe.skipIf(!available)(`BatchMatMul / _FusedMatMul on 'native' (${skipReason})`, () => {
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matches the definition with transposeA=${transposeA}, transposeB=${transposeB}`, () => {
      const aShape = transposeA ? [7, 5] : [5, 7];
      const bShape = transposeB ? [3, 7] : [7, 3];
      const a = seeded(35, 1);
      const b = seeded(21, 2);
      const result = onNative(() => tf.matMul(tf.tensor2d(a, aShape as [number, number]), tf.tensor2d(b, bShape as [number, number]), transposeA, transposeB));
      expect(result.shape).toEqual([5, 3]);
      expectClose(result.values, referenceMatMul(a, aShape, b, bShape, transposeA, transposeB));
    });
  }

  it('broadcasts batch dimensions ([2, 1, 3, 4] x [3, 4, 5] -> [2, 3, 3, 5])', () => {
    const a = seeded(24, 3);
    const b = seeded(60, 4);
    const result = onNative(() => tf.matMul(tf.tensor4d(a, [2, 1, 3, 4]), tf.tensor3d(b, [3, 4, 5])));
    expect(result.shape).toEqual([2, 3, 3, 5]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expected.push(...referenceMatMul(a.slice(i * 12, i * 12 + 12), [3, 4], b.slice(j * 20, j * 20 + 20), [4, 5], false, false));
    expectClose(result.values, expected);
  });

  it('fuses bias and relu: relu(a x b + bias)', () => {
    const a = seeded(12, 5);
    const b = seeded(8, 6);
    const bias = [0.5, -0.25];
    const result = onNative(() =>
      tf.fused.matMul({ a: tf.tensor2d(a, [6, 2]), b: tf.slice(tf.tensor2d(b, [2, 4]), [0, 0], [2, 2]), bias: tf.tensor1d(bias), activation: 'relu' }),
    );
    const bSliced = [b[0], b[1], b[4], b[5]] as number[];
    const expected = referenceMatMul(a, [6, 2], bSliced, [2, 2], false, false).map((v, i) => Math.max(0, v + (bias[i % 2] ?? 0)));
    expectClose(result.values, expected);
  });

  it('routes int32 products to the counted cpu fallback, with the right result', () => {
    resetFallbackCounts('native');
    const notices: string[] = [];
    setFallbackLogger((message) => notices.push(message));
    const result = onNative(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32')));
    expect(result.values).toEqual([19, 22, 43, 50]);
    expect(fallbackCounts('native')).toEqual({ BatchMatMul: 1 });
    resetFallbackCounts('native');
    setFallbackLogger((message) => console.warn(message));
  });

  it('names both shapes when the inner dimensions differ', () => {
    expect(() => onNative(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 2])))).toThrow(/inner/);
  });
});
