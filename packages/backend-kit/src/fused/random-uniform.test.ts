import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { aleaState, fillRandomUniform } from './random-uniform.js';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer));

describe('fillRandomUniform', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['42', 1000, 0, 1],
    ['1234', 4099, -0.05, 0.05],
    ['seed with words', 65536, 0, 1],
    ['7', 1, 2, 3],
  ] as const)("draws tf.randomUniform's values bit for bit (seed %s, %i values in [%d, %d))", (seed, length, minval, maxval) => {
    const out = new Float32Array(length);
    fillRandomUniform(out, { minval, maxval, ...aleaState(seed) });
    const expected = tf.randomUniform([length], minval, maxval, 'float32', seed);
    expect(bits(out)).toEqual(bits(expected.dataSync() as Float32Array));
    expected.dispose();
  });
});
