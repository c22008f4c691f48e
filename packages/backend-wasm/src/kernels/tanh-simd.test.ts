import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { tanhModuleBytes, tanhOnHeap, tanhScalar } from './tanh-simd.js';

/** Float32 values over the whole range: every 16411th bit pattern of each sign, and the edges. */
function samples(): Float32Array {
  const bits: number[] = [];
  for (let pattern = 0; pattern < 0x7f800000; pattern += 16411) bits.push(pattern, pattern | 0x80000000);
  const values = Array.from(new Float32Array(Uint32Array.from(bits).buffer));
  const edges = [0, -0, 1e-45, -1e-45, 1.1754942e-38, 1e-20, 0.5624999, 0.5625, 0.5625001, 1, 8.9, 9.1, 52, 52.1, 104, 1e30, Infinity, -Infinity, Number.NaN];
  return Float32Array.from([...values, ...edges, ...edges.map((value) => -value)]);
}

/** How many float32 values lie between `actual` and the correctly rounded `exact` (0: equal). */
function floatsApart(actual: number, exact: number): number {
  const rounded = Math.fround(exact);
  const key = (value: number) => {
    const bits = new Int32Array(Float32Array.of(value).buffer)[0]!;
    return bits < 0 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(key(actual) - key(rounded));
}

describe("SIMD tanh on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('validates as WebAssembly in both memory variants', () => {
    expect(WebAssembly.validate(tanhModuleBytes(false))).toBe(true);
    expect(WebAssembly.validate(tanhModuleBytes(true))).toBe(true);
  });

  it('is within 2 floats of the correctly rounded tanh everywhere, odd, and exact at the edges', () => {
    const values = samples();
    let worst = 0;
    for (const x of values) {
      const y = tanhScalar(x);
      if (Number.isNaN(x)) {
        expect(y).toBeNaN();
        continue;
      }
      worst = Math.max(worst, floatsApart(y, Math.tanh(x)));
      expect(Object.is(tanhScalar(-x), -y)).toBe(true);
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(Object.is(tanhScalar(-0), -0)).toBe(true);
    expect([tanhScalar(Infinity), tanhScalar(-Infinity), tanhScalar(20)]).toEqual([1, -1, 1]);
    expect(tanhScalar(1e-20)).toBe(Math.fround(1e-20));
  });

  it('gives the SIMD lanes and the JavaScript steps the same bits, through the Tanh kernel', () => {
    const values = samples();
    const x = tf.tensor1d(values);
    const before = tf.memory().numTensors;
    const y = tf.tanh(x);
    const simd = y.dataSync() as Float32Array;
    const expected = values.map((value) => tanhScalar(value));
    const differing = Array.from(simd).findIndex((value, i) => !Object.is(value, expected[i]) && !(Number.isNaN(value) && Number.isNaN(expected[i]!)));
    expect(differing).toBe(-1);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // In place (source and target the same view) too.
    const backend = tf.backend() as BackendWasm;
    const view = backend.typedArrayFromHeap(x) as Float32Array;
    tanhOnHeap(backend, view, view);
    expect(Array.from(x.dataSync()).every((value, i) => Object.is(value, expected[i]) || (Number.isNaN(value) && Number.isNaN(expected[i]!)))).toBe(true);
    x.dispose();
  });
});
