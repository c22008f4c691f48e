import * as tf from '@tensorflow/tfjs-core';
import { DatasetValueError } from '../errors/errors.js';

/** Options for {@link padSequences}; defaults follow Keras's `pad_sequences`. */
export interface PadSequencesOptions {
  /** Output length. Default: the longest sequence's length. */
  maxlen?: number | null;
  /** Pad at the start (`'pre'`, default) or the end (`'post'`). */
  padding?: 'pre' | 'post';
  /** Drop values from the start (`'pre'`, default) or the end (`'post'`) of longer sequences. */
  truncating?: 'pre' | 'post';
  /** The padding value. Default 0. */
  value?: number;
  /** Output dtype. Default `'int32'`. */
  dtype?: 'int32' | 'float32';
}

function checkSide(name: string, side: unknown): 'pre' | 'post' {
  if (side !== 'pre' && side !== 'post') {
    throw new DatasetValueError(`padSequences: ${name} must be 'pre' or 'post', got ${JSON.stringify(side)}.`);
  }
  return side;
}

/**
 * Pads (and truncates) ragged sequences to one length, as Keras's `pad_sequences`.
 *
 * Shapes: `n` sequences → tensor `[n, maxlen]` of `dtype`. Empty sequences become rows of `value`.
 * @throws DatasetValueError on a bad option or a non-numeric element.
 */
export function padSequences(sequences: ArrayLike<ArrayLike<number>>, options: PadSequencesOptions = {}): tf.Tensor2D {
  const padding = checkSide('padding', options.padding ?? 'pre');
  const truncating = checkSide('truncating', options.truncating ?? 'pre');
  const dtype = options.dtype ?? 'int32';
  if (dtype !== 'int32' && dtype !== 'float32') {
    throw new DatasetValueError(`padSequences: dtype must be 'int32' or 'float32', got ${JSON.stringify(dtype)}.`);
  }
  const value = options.value ?? 0;
  if (!Number.isFinite(value)) throw new DatasetValueError(`padSequences: value must be a finite number, got ${value}.`);
  const rows = Array.from(sequences, (sequence, i) => {
    if (sequence === null || typeof sequence !== 'object' || typeof sequence.length !== 'number') {
      throw new DatasetValueError(`padSequences: sequences[${i}] must be an array of numbers, got ${typeof sequence}.`);
    }
    const row = Array.from(sequence);
    row.forEach((element, j) => {
      if (typeof element !== 'number' || !Number.isFinite(element)) {
        throw new DatasetValueError(`padSequences: sequences[${i}][${j}] must be a finite number, got ${String(element)}.`);
      }
    });
    return row;
  });
  let maxlen = options.maxlen ?? null;
  if (maxlen === null) maxlen = rows.reduce((longest, row) => Math.max(longest, row.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) {
    throw new DatasetValueError(`padSequences: maxlen must be a non-negative integer or null, got ${maxlen}.`);
  }
  const out = dtype === 'int32' ? new Int32Array(rows.length * maxlen) : new Float32Array(rows.length * maxlen);
  out.fill(value);
  rows.forEach((row, i) => {
    if (row.length === 0 || maxlen === 0) return;
    const kept = row.length <= maxlen ? row : truncating === 'pre' ? row.slice(row.length - maxlen) : row.slice(0, maxlen);
    const start = i * maxlen + (padding === 'post' ? 0 : maxlen - kept.length);
    out.set(kept, start);
  });
  return tf.tensor2d(out, [rows.length, maxlen], dtype);
}
