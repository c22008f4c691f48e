import * as tf from '@tensorflow/tfjs-core';
import { aleaState, dropoutMaskFloat32, fusedRandomUniform } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { withoutHeapRunner } from './heap-module.js';
import { DROPOUT_MASK, RANDOM_UNIFORM, randomUniformOnHeap } from './random-uniform-heap.js';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** The values of the tensor `make` returns, disposing it. */
function valuesOf(make: () => tf.Tensor): Float32Array {
  const tensor = tf.tidy(make);
  const values = tensor.dataSync().slice() as Float32Array;
  tensor.dispose();
  return values;
}

/** `make`'s values on the cpu backend (tfjs's own seedrandom generator): the reference. */
async function onCpu(make: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const values = valuesOf(make);
  await tf.setBackend('wasm');
  return values;
}

/** `make` on 'wasm', with its heap module and without (`kind` switched off): both must give `expected`, leaking nothing. */
function expectBothPaths(kind: string, make: () => tf.Tensor, expected: Float32Array): void {
  const before = tf.memory().numTensors;
  expect(bits(valuesOf(make))).toEqual(bits(expected));
  expect(bits(withoutHeapRunner(kind, () => valuesOf(make)))).toEqual(bits(expected));
  expect(tf.memory().numTensors).toBe(before);
}

describe("seeded uniform noise on 'wasm' (dropout masks)", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([
    ['42', [1000], 0, 1],
    ['1234', [128, 512], 0, 1],
    ['seed with words', [4099], -0.05, 0.05],
    ['7', [1], 2, 3],
  ] as const)("draws tf.randomUniform's values bit for bit (seed %s, shape %j, [%d, %d)), with and without the module", async (seed, shape, minval, maxval) => {
    const expected = await onCpu(() => tf.randomUniform([...shape], minval, maxval, 'float32', seed));
    expectBothPaths(RANDOM_UNIFORM, () => fusedRandomUniform.run({}, { shape: [...shape], minval, maxval, seed, ...aleaState(seed) }), expected);
  });

  it('leaves a state Alea never reaches from a seed to the JavaScript loop', () => {
    const backend = tf.backend() as BackendWasm;
    const out = tf.zeros([8]);
    const offset = (backend.typedArrayFromHeap({ dataId: out.dataId, shape: [8], dtype: 'float32' }) as Float32Array).byteOffset;
    expect(randomUniformOnHeap(backend, offset, 8, { c: 1, s0: 0.1, s1: 0.2, s2: 0.3 }, 0, 1)).toBe(false);
    expect(randomUniformOnHeap(backend, offset, 8, { ...aleaState('1'), c: 3_000_000 }, 0, 1)).toBe(false);
    expect(Array.from(out.dataSync())).toEqual(new Array<number>(8).fill(0));
    expect(randomUniformOnHeap(backend, offset, 8, aleaState('1'), 0, 1)).toBe(true);
    expect(Array.from(out.dataSync()).every((value) => value > 0 && value < 1)).toBe(true);
    out.dispose();
  });

  it.each([
    ['42', [1000], 0.5],
    ['1234', [128, 512], 0.2],
    ['seed with words', [4099], 0.9],
    ['7', [3], 0],
  ] as const)("draws tf.dropout's multiplier bit for bit (seed %s, shape %j, rate %d), with and without the module", async (seed, shape, rate) => {
    const expected = await onCpu(() => tf.dropout(tf.ones([...shape]), rate, undefined, seed));
    expectBothPaths(DROPOUT_MASK, () => dropoutMaskFloat32([...shape], rate, seed), expected);
  });
});
