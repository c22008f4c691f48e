import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ValueError } from '@keras-ts/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutMaskFloat32, dropoutMaskValue, fillDropoutMask } from './dropout-mask.js';
import { aleaState } from './random-uniform.js';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('dropout masks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['42', 1000, 0.5],
    ['1234', 4099, 0.1],
    ['seed with words', 65536, 0.3],
    ['7', 1, 0.9],
    ['0.30000000000000004', 777, 0],
  ] as const)("fillDropoutMask equals tf.dropout's multiplier bit for bit (seed %s, %i values, rate %d)", (seed, length, rate) => {
    const out = new Float32Array(length);
    fillDropoutMask(out, { rate, ...aleaState(seed) });
    // tf.dropout on ones is exactly its multiplier ⌊u + keep⌋ / keep.
    const ones = tf.ones([length]);
    const expected = tf.dropout(ones, rate, undefined, seed);
    expect(bits(out)).toEqual(bits(expected.dataSync() as Float32Array));
    const keep = Math.fround(1 - rate);
    const kept = out.filter((value) => value !== 0);
    expect(kept.every((value) => value === Math.fround(1 / keep))).toBe(true);
    if (length >= 1000) expect(kept.length / length).toBeCloseTo(1 - rate, 1);
    tf.dispose([ones, expected]);
  });

  it('rounds u + keep in float32 as tfjs does at the boundary', () => {
    // 1 − 2^-24 is the largest float32 below 1; with keep = 2^-24 the exact sum is 1 − 2^-25
    // (floor 0) but the float32 sum rounds to 1 (floor 1).
    const keep = 2 ** -24;
    expect(dropoutMaskValue(1 - 2 ** -24, keep)).toBe(Math.fround(1 / keep));
    expect(dropoutMaskValue(0, 0.5)).toBe(0);
    expect(dropoutMaskValue(0.5, 0.5)).toBe(2);
    // 0.5 − 2^-25 + 0.5 = 1 − 2^-25 ties to even (1); 0.5 − 2^-24 + 0.5 = 1 − 2^-24 is exact.
    expect(dropoutMaskValue(0.5 - 2 ** -25, 0.5)).toBe(2);
    expect(dropoutMaskValue(0.5 - 2 ** -24, 0.5)).toBe(0);
  });

  it('runs the reference on a backend without the kernel, equal to tf.dropout, without leaking', () => {
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([16, 9]);
    const mask = dropoutMaskFloat32([16, 9], 0.25, 17);
    const ours = tf.mul(x, mask);
    const expected = tf.dropout(x, 0.25, undefined, 17);
    expect(bits(ours.dataSync() as Float32Array)).toEqual(bits(expected.dataSync() as Float32Array));
    tf.dispose([x, mask, ours, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([1, -0.1, Number.NaN])('rejects rate %d with a ValueError', (rate) => {
    expect(() => dropoutMaskFloat32([2], rate, 1)).toThrow(ValueError);
  });
});
