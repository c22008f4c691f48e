import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { KERAS_RMSPROP_UPDATE } from '@keras-ts/backend-kit';
import { rmspropSimdModuleBytes, rmspropSimdRunner } from './rmsprop-simd.js';

/** The update written out element by element, each operation rounded to float32. */
function reference(w: Float32Array, v: Float32Array, g: Float32Array, rho: number, epsilon: number, lr: number) {
  const f = Math.fround;
  const newV = new Float32Array(w.length);
  const newW = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    newV[i] = f(f(v[i]! * f(rho)) + f(f(g[i]! * g[i]!) * f(1 - rho)));
    newW[i] = f(w[i]! - f(f(g[i]! * f(lr)) / f(Math.sqrt(f(newV[i]! + f(epsilon))))));
  }
  return { newV, newW };
}

function filled(n: number, seed: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.3 + i * 1.37) * scale);
}

describe('SIMD RMSprop module', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('validates as WebAssembly in both memory variants', () => {
    expect(WebAssembly.validate(rmspropSimdModuleBytes(false))).toBe(true);
    expect(WebAssembly.validate(rmspropSimdModuleBytes(true))).toBe(true);
  });

  it('is available on the Node wasm backend', () => {
    expect(rmspropSimdRunner(tf.backend() as BackendWasm)).toBeTypeOf('function');
  });

  it.each([1, 4, 7, 1026, 4099])('matches the float32 formula bit for bit with %i elements', (n) => {
    const w = filled(n, 1, 3);
    const v = Float32Array.from(filled(n, 2, 1), Math.abs);
    const g = filled(n, 3, 0.5);
    g[0] = 0;
    if (n > 4) {
      g[1] = 1e30;
      v[2] = 0;
      g[3] = -1e-20;
    }
    const before = tf.memory().numTensors;
    const inputs = { variable: tf.tensor(w), velocity: tf.tensor(v), gradient: tf.tensor(g) };
    const outputs = tf.engine().runKernel(KERAS_RMSPROP_UPDATE, inputs, { rho: 0.9, epsilon: 1e-7, learningRate: 0.003 }) as tf.Tensor[];
    const newV = outputs[0]!.dataSync() as Float32Array;
    const newW = outputs[1]!.dataSync() as Float32Array;
    const expected = reference(w, v, g, 0.9, 1e-7, 0.003);
    expect(Buffer.from(newV.buffer, newV.byteOffset, newV.byteLength).equals(Buffer.from(expected.newV.buffer))).toBe(true);
    expect(Buffer.from(newW.buffer, newW.byteOffset, newW.byteLength).equals(Buffer.from(expected.newW.buffer))).toBe(true);
    tf.dispose([...outputs, ...Object.values(inputs)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
