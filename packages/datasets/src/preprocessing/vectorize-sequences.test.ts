import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { vectorizeSequences } from './vectorize-sequences.js';

describe('vectorizeSequences', () => {
  it('multi-hot encodes each sequence, ignoring repeats', () => {
    const before = tf.memory().numTensors;
    const encoded = vectorizeSequences([[0, 3, 3], [], [5]], 6);
    expect([encoded.shape, encoded.dtype]).toEqual([[3, 6], 'float32']);
    expect(encoded.arraySync()).toEqual([
      [1, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1],
    ]);
    encoded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('defaults to 10000 columns and rejects out-of-range indices', () => {
    const encoded = vectorizeSequences([[9999]]);
    expect(encoded.shape).toEqual([1, 10000]);
    encoded.dispose();
    expect(() => vectorizeSequences([[1], [2, 6]], 6)).toThrow(/sequences\[1\]\[1\] is 6, expected an integer in \[0, 6\)/);
    expect(() => vectorizeSequences([[1]], 0)).toThrow(/dimension must be a positive integer, got 0/);
  });
});
