import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { padSequences } from './pad-sequences.js';

const rows = (tensor: tf.Tensor2D) => {
  const values = tensor.arraySync();
  tensor.dispose();
  return values;
};

describe('padSequences', () => {
  const sequences = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]];

  it("uses Keras's defaults: maxlen = longest, pre-padding, pre-truncation, 0, int32", () => {
    const before = tf.memory().numTensors;
    const padded = padSequences(sequences);
    expect([padded.shape, padded.dtype]).toEqual([[4, 5], 'int32']);
    expect(rows(padded)).toEqual([
      [0, 0, 1, 2, 3],
      [0, 0, 0, 0, 4],
      [0, 0, 0, 0, 0],
      [5, 6, 7, 8, 9],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pads and truncates at either end', () => {
    expect(rows(padSequences(sequences, { maxlen: 3 }))).toEqual([
      [1, 2, 3],
      [0, 0, 4],
      [0, 0, 0],
      [7, 8, 9],
    ]);
    expect(rows(padSequences(sequences, { maxlen: 3, truncating: 'post' }))).toEqual([
      [1, 2, 3],
      [0, 0, 4],
      [0, 0, 0],
      [5, 6, 7],
    ]);
    expect(rows(padSequences(sequences, { maxlen: 4, padding: 'post', value: -1 }))).toEqual([
      [1, 2, 3, -1],
      [4, -1, -1, -1],
      [-1, -1, -1, -1],
      [6, 7, 8, 9],
    ]);
    const floats = padSequences([[0.5]], { maxlen: 2, dtype: 'float32', value: 0.25 });
    expect(floats.dtype).toBe('float32');
    expect(rows(floats)).toEqual([[0.25, 0.5]]);
  });

  it('names the bad argument', () => {
    expect(() => padSequences(sequences, { padding: 'middle' as 'pre' })).toThrow(/padding must be 'pre' or 'post', got "middle"/);
    expect(() => padSequences(sequences, { maxlen: -1 })).toThrow(/maxlen must be a non-negative integer or null, got -1/);
    expect(() => padSequences([[1, Number.NaN]])).toThrow(/sequences\[0\]\[1\] must be a finite number, got NaN/);
  });
});
