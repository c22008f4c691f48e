import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

/** Plain nested-loop slice of a row-major array (the reference). */
function referenceSlice(values: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = tf.util.computeStrides(shape);
  const out: number[] = [];
  const visit = (axis: number, offset: number) => {
    if (axis === shape.length) {
      out.push(values[offset]!);
      return;
    }
    for (let i = 0; i < size[axis]!; i++) visit(axis + 1, offset + (begin[axis]! + i) * (axis === shape.length - 1 ? 1 : strides[axis]!));
  };
  visit(0, 0);
  return out;
}

describe("Slice on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const cases: [number[], number[], number[]][] = [
    [
      [6, 4],
      [2, 0],
      [3, 4],
    ], // whole rows: contiguous
    [
      [6, 4],
      [1, 1],
      [4, 2],
    ], // a window
    [
      [3, 4, 5],
      [1, 0, 2],
      [2, 4, 3],
    ],
    [
      [2, 3, 4, 5],
      [0, 1, 1, 0],
      [2, 2, 3, 5],
    ],
    [
      [2, 2, 3, 2, 3],
      [1, 0, 1, 1, 0],
      [1, 2, 2, 1, 2],
    ],
    [[5], [2], [0]], // empty
  ];
  for (const [shape, begin, size] of cases) {
    it(`slices [${shape}] at [${begin}] size [${size}] like nested loops, for float32 and int32`, () => {
      const count = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: count }, (_, i) => i * 3 - 7);
      for (const dtype of ['float32', 'int32'] as const) {
        const x = tf.tensor(values, shape, dtype);
        const before = tf.memory().numTensors;
        const y = tf.slice(x, begin, size);
        expect(y.shape).toEqual(size);
        expect(y.dtype).toBe(dtype);
        expect(Array.from(y.dataSync())).toEqual(referenceSlice(values, shape, begin, size));
        y.dispose();
        expect(tf.memory().numTensors).toBe(before);
        x.dispose();
      }
    });
  }
});
