import * as tf from '@tensorflow/tfjs-core';
import '../backend.js';
import { describe, expect, it } from 'vitest';

describe("one-pass UnsortedSegmentSum on 'cpu'", () => {
  it('sums rows into segments like an explicit loop and drops out-of-range ids', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
    ]);
    const ids = tf.tensor1d([2, 0, 2, -1, 3], 'int32');
    const before = tf.memory().numTensors;
    const sums = tf.unsortedSegmentSum(x, ids, 3);
    expect(sums.arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    sums.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ids]);
  });

  it("gives Embedding's gradient (gather's) for a large vocabulary in one pass", async () => {
    const table = tf.variable(tf.zeros([10000, 8]));
    const indices = tf.tensor2d(
      [
        [1, 9999, 1],
        [5, 1, 0],
      ],
      [2, 3],
      'int32',
    );
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, indices), 2)) as tf.Scalar, [table]);
    const gradient = grads[table.name]!;
    const row = (r: number) => Array.from(gradient.dataSync().slice(r * 8, r * 8 + 8));
    expect(row(1)).toEqual(new Array(8).fill(2 * 3));
    expect(row(9999)).toEqual(new Array(8).fill(2));
    expect(row(2)).toEqual(new Array(8).fill(0));
    tf.dispose([table, indices, gradient]);
  });
});
