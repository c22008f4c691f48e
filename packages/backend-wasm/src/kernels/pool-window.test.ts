import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { wasmCrash } from '../backend/trap-guard.js';

type Pool = (x: tf.Tensor4D, filter: [number, number], strides: [number, number], pad: 'valid' | 'same' | number) => tf.Tensor4D;
const pools: [string, Pool][] = [
  ['maxPool', (x, filter, strides, pad) => tf.maxPool(x, filter, strides, pad)],
  ['avgPool', (x, filter, strides, pad) => tf.avgPool(x, filter, strides, pad)],
];

describe("pooling on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  for (const [name, pool] of pools) {
    it(`${name}: a window larger than its input gives an empty output and a zero gradient, not a crash`, () => {
      const x = tf.ones([1, 2, 1, 4]) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const out = pool(x, [5, 1], [5, 1], 'valid');
      expect(out.shape).toEqual([1, 0, 1, 4]);
      const gradient = tf.grad((input: tf.Tensor) => tf.sum(pool(input as tf.Tensor4D, [5, 1], [5, 1], 'valid')))(x);
      expect(Array.from(gradient.dataSync())).toEqual(new Array(8).fill(0));
      tf.dispose([out, gradient]);
      expect(tf.memory().numTensors).toBe(before);
      // The instance still works.
      expect(Array.from(tf.add(x, 1).dataSync())).toEqual(new Array(8).fill(2));
      expect(wasmCrash()).toBeUndefined();
      x.dispose();
    });

    it(`${name}: NaN, ±Infinity and windows wholly in explicit padding as on the cpu backend`, async () => {
      // Windows [NaN, 2], [-Inf, -Inf], [Inf, -Inf], [NaN, NaN] and, with 2 padding rows, empty ones.
      const values = [
        Number.NaN,
        2,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NaN,
        Number.NaN,
      ];
      const results: number[][][] = [];
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        const x = tf.tensor4d(values, [1, 8, 1, 1]);
        results.push(
          [pool(x, [2, 1], [2, 1], 'valid'), pool(x, [2, 1], [1, 1], 'same'), pool(x, [1, 1], [1, 1], 2)].map((out) => {
            const data = Array.from(out.dataSync());
            out.dispose();
            return data;
          }),
        );
        x.dispose();
      }
      await tf.setBackend('wasm');
      expect(results[1]).toEqual(results[0]);
      // What the cpu kernel does, written out for the valid case: max ignores NaN, average does not.
      expect(results[0]![0]).toEqual(
        name === 'maxPool'
          ? [2, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
          : [Number.NaN, Number.NEGATIVE_INFINITY, Number.NaN, Number.NaN],
      );
    });
  }
});
