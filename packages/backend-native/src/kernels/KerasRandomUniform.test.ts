import * as tf from '@tensorflow/tfjs-core';
import { aleaState, dropoutMaskFloat32, fusedDropoutMask, fusedRandomUniform, randomUniformFloat32 } from '@keras-ts/backend-kit';
import { describe, expect, it } from 'vitest';
import { nativeAddon } from '../addon/load.js';
import { available, onNative, skipReason } from './kernels.test-utils.js';

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
  it.each([
    ['42', [1000], 0.5],
    ['1234', [128, 512], 0.2],
    ['seed with words', [4099], 0.9],
    ['7', [3], 0],
  ] as const)("KerasDropoutMask draws tf.dropout's multiplier bit for bit (seed %s, shape %j, rate %d)", (seed, shape, rate) => {
    const expected = onCpu(() => tf.dropout(tf.ones([...shape]), rate, undefined, seed));
    const { values } = onNative(() => {
      expect(fusedDropoutMask.usesKernel({}, { shape: [...shape], rate, seed, ...aleaState(seed) })).toBe(true);
      return dropoutMaskFloat32([...shape], rate, seed);
    });
    expect(bits(Float32Array.from(values))).toEqual(bits(expected));
  });

  it("KerasRandomUniform draws tf.randomUniform's values bit for bit", () => {
    const expected = onCpu(() => tf.randomUniform([4097], -2, 3, 'float32', 'abc'));
    const { values } = onNative(() => {
      expect(fusedRandomUniform.usesKernel({}, { shape: [4097], minval: -2, maxval: 3, seed: 'abc', ...aleaState('abc') })).toBe(true);
      return randomUniformFloat32([4097], -2, 3, 'abc');
    });
    expect(bits(Float32Array.from(values))).toEqual(bits(expected));
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
