import * as tf from '@tensorflow/tfjs-core';
import { DatasetValueError } from '../errors/errors.js';

/**
 * Multi-hot encodes sequences of word indices: row `i` has 1 at every index that occurs in
 * `sequences[i]` and 0 elsewhere (the `vectorize_sequences` helper of the Keras book).
 *
 * Shapes: `n` sequences → float32 tensor `[n, dimension]`.
 * @param dimension vocabulary size; every index must be in `[0, dimension)`. Default 10000.
 * @throws DatasetValueError when an index is out of range or not an integer.
 */
export function vectorizeSequences(sequences: ArrayLike<ArrayLike<number>>, dimension = 10000): tf.Tensor2D {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new DatasetValueError(`vectorizeSequences: dimension must be a positive integer, got ${dimension}.`);
  }
  const count = sequences.length;
  const out = new Float32Array(count * dimension);
  for (let i = 0; i < count; i++) {
    const sequence = sequences[i];
    if (!sequence || typeof sequence.length !== 'number') {
      throw new DatasetValueError(`vectorizeSequences: sequences[${i}] must be an array of indices.`);
    }
    for (let j = 0; j < sequence.length; j++) {
      const index = sequence[j] as number;
      if (!Number.isInteger(index) || index < 0 || index >= dimension) {
        throw new DatasetValueError(
          `vectorizeSequences: sequences[${i}][${j}] is ${index}, expected an integer in [0, ${dimension}). ` +
            'Load the data with numWords <= dimension, or raise dimension.',
        );
      }
      out[i * dimension + index] = 1;
    }
  }
  return tf.tensor2d(out, [count, dimension], 'float32');
}
