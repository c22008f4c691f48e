import * as tf from '@tensorflow/tfjs-core';
import {
  aleaState,
  dropoutMaskFloat32,
  fillDropoutMask,
  fillRandomUniform,
  fusedDropoutMask,
  fusedRandomUniform,
  randomUniformFloat32,
} from '@keras-ts/backend-kit';
import { describe, expect, it } from 'vitest';
import { nativeAddon } from '../addon/load.js';
import { available, expectExactly, expectSplits, onNative, skipReason, splitsDuring, withTwoThreads } from './kernels.test-utils.js';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** `make` on the cpu backend (tfjs's own seedrandom generator): the reference values. */
function onCpu(make: () => tf.Tensor): Float32Array {
  tf.setBackend('cpu');
  const tensor = tf.tidy(make);
  const values = tensor.dataSync().slice() as Float32Array;
  tensor.dispose();
  return values;
}

describe.skipIf(!available)(`seeded noise and dropout masks on 'native' (${skipReason})`, () => {
  // From 65,536 values the fill is split over two threads, the second half jumping ahead in the generator.
  it.each([
    ['42', [1000], 0.5],
    ['1234', [128, 512], 0.2],
    ['seed with words', [4099], 0.9],
    ['7', [3], 0],
    ['99', [3, 70001], 0.5],
  ] as const)("KerasDropoutMask draws tf.dropout's multiplier bit for bit (seed %s, shape %j, rate %d)", (seed, shape, rate) => {
    const expected = onCpu(() => tf.dropout(tf.ones([...shape]), rate, undefined, seed));
    let values: number[] = [];
    const jobs = withTwoThreads(() =>
      splitsDuring(() => {
        ({ values } = onNative(() => {
          expect(fusedDropoutMask.usesKernel({}, { shape: [...shape], rate, seed, ...aleaState(seed) })).toBe(true);
          return dropoutMaskFloat32([...shape], rate, seed);
        }));
      }),
    );
    expectExactly(bits(Float32Array.from(values)), bits(expected));
    expectSplits(jobs, expected.length >= 65_536 ? 1 : 0);
  });

  it.each([4097, 200_003])("KerasRandomUniform draws tf.randomUniform's values bit for bit (%i values)", (size) => {
    const expected = onCpu(() => tf.randomUniform([size], -2, 3, 'float32', 'abc'));
    let values: number[] = [];
    const jobs = withTwoThreads(() =>
      splitsDuring(() => {
        ({ values } = onNative(() => {
          expect(fusedRandomUniform.usesKernel({}, { shape: [size], minval: -2, maxval: 3, seed: 'abc', ...aleaState('abc') })).toBe(true);
          return randomUniformFloat32([size], -2, 3, 'abc');
        }));
      }),
    );
    expectExactly(bits(Float32Array.from(values)), bits(expected));
    expectSplits(jobs, size >= 65_536 ? 1 : 0);
  });

  it.each([
    ['the carry at its bound', 2091639, aleaState('5')],
    ['the all-ones fixed point', 2091638, { s0: 1 - 2 ** -32, s1: 1 - 2 ** -32, s2: 1 - 2 ** -32 }],
  ])('draws a state Alea never reaches (%s) in one sequential run', (_, c, { s0, s1, s2 }) => {
    const state = { rate: 0.5, c, s0, s1, s2 };
    const expected = new Float32Array(100_000);
    fillDropoutMask(expected, state);
    const out = new Float32Array(100_000);
    const jobs = withTwoThreads(() => splitsDuring(() => nativeAddon().dropoutMask(out, state.rate, c, s0, s1, s2)));
    expectExactly(bits(out), bits(expected));
    expect(jobs).toBe(0);
  });

  // Alea's state with carry 1 whose first draw is the integer x2 = first (the draw s2 = x2 · 2^-32):
  // x0 = (first − 1) · 2091639⁻¹ mod 2^32, since the step is t = 2091639 · x0 + c.
  function stateDrawingFirst(first: bigint): { c: number; s0: number; s1: number; s2: number } {
    const modulus = 2n ** 32n;
    let inverse = 1n; // 2091639 is odd: Newton's iteration x ← x·(2 − a·x) doubles the correct low bits
    for (let i = 0; i < 5; i++) inverse = (inverse * (2n - 2091639n * inverse)) % modulus;
    const x0 = ((((first - 1n) * inverse) % modulus) + modulus) % modulus;
    return { c: 1, s0: Number(x0) / 2 ** 32, s1: 0.125, s2: 0.5 };
  }

  it.each([0, 0.3])('a draw that rounds up to 1 in float32 gives the quotient tfjs computes (rate %d)', (rate) => {
    // 2^32 − 64 · 2^-32 rounds to 1 in float32: rate 0 gives ⌊1 + 1⌋ / 1 = 2, rate 0.3 ⌊1 + 0.7⌋ / 0.7.
    const state = { rate, ...stateDrawingFirst(2n ** 32n - 64n) };
    const expected = new Float32Array(5000);
    fillDropoutMask(expected, state);
    expect(expected[0]).toBe(rate === 0 ? 2 : Math.fround(1 / Math.fround(0.7)));
    const out = new Float32Array(5000);
    nativeAddon().dropoutMask(out, rate, state.c, state.s0, state.s1, state.s2);
    expectExactly(bits(out), bits(expected));
    const uniform = new Float32Array(5000);
    const uniformExpected = new Float32Array(5000);
    fillRandomUniform(uniformExpected, { minval: 0, maxval: 1, ...state });
    expect(uniformExpected[0]).toBe(1);
    nativeAddon().randomUniform(uniform, 0, 1, state.c, state.s0, state.s1, state.s2);
    expectExactly(bits(uniform), bits(uniformExpected));
  });

  it('the addon refuses a rate outside [0, 1) and a state Alea never reaches', () => {
    const addon = nativeAddon();
    const out = new Float32Array(4);
    const { c, s0, s1, s2 } = aleaState('1');
    expect(() => addon.dropoutMask(out, 1, c, s0, s1, s2)).toThrow(/rate must be in \[0, 1\)/);
    expect(() => addon.dropoutMask(out, 0.5, c, 0.1, s1, s2)).toThrow(/multiples of 2\^-32/);
    expect(() => addon.dropoutMask(out, 0.5, 3_000_000, s0, s1, s2)).toThrow(/carry/);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
    addon.dropoutMask(out, 0.5, c, s0, s1, s2);
    expect(Array.from(out).every((value) => value === 0 || value === 2)).toBe(true);
  });
});
