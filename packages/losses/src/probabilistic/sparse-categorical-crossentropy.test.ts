import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

const labels = [1, 2];
const probabilities = [
  [0.05, 0.95, 0],
  [0.1, 0.8, 0.1],
];
const logits = [
  [1, 2, 0.5],
  [-1, 0.3, 2],
];

function referenceLogits(y: number[], z: number[][]): number[] {
  return y.map((label, i) => {
    const row = z[i] as number[];
    return Math.log(row.reduce((a, b) => a + Math.exp(b), 0)) - (row[label] as number);
  });
}

describe('sparseCategoricalCrossentropy', () => {
  it('matches -log p[label] for [batch] and [batch, 1] labels (Keras example: [0.0513, 2.303])', () => {
    const expected = [-Math.log(0.95), -Math.log(0.1)];
    expectAllClose(take(sparseCategoricalCrossentropy(tf.tensor1d(labels), tf.tensor2d(probabilities))), expected);
    expectAllClose(take(sparseCategoricalCrossentropy(tf.tensor2d([[1], [2]]), tf.tensor2d(probabilities))), expected);
    expectAllClose(take(sparseCategoricalCrossentropy(tf.tensor1d(labels, 'int32'), tf.tensor2d(probabilities))), expected);
  });

  it('supports fromLogits and sequence outputs', () => {
    expectAllClose(take(sparseCategoricalCrossentropy(tf.tensor1d(labels), tf.tensor2d(logits), { fromLogits: true })), referenceLogits(labels, logits));
    const sequence = take(sparseCategoricalCrossentropy(tf.tensor2d([[1, 2]]), tf.tensor3d([logits]), { fromLogits: true }));
    expectAllClose(sequence, referenceLogits(labels, logits));
  });

  it('gives zero loss to ignoreClass samples and the class averages over the rest', () => {
    const y = tf.tensor1d([1, -1, 2]);
    const z = tf.tensor2d([...logits, [0, 0, 0]]);
    const reference = referenceLogits([1, 0, 2], [...logits, [0, 0, 0]]);
    const perSample = take(sparseCategoricalCrossentropy(y, z, { fromLogits: true, ignoreClass: -1 }));
    expectAllClose(perSample, [reference[0] as number, 0, reference[2] as number]);
    const loss = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    expectAllClose(take(loss.compute(y, z)), [((reference[0] as number) + (reference[2] as number)) / 2]);
    tf.dispose([y, z]);
  });

  it('has gradients matching central differences', () => {
    const y = tf.tensor1d([0, 2]);
    expectGradientMatchesNumeric(
      (x) => weightedSum(sparseCategoricalCrossentropy(y, x)),
      tf.tensor2d([
        [0.2, 0.5, 0.3],
        [0.3, 0.3, 0.4],
      ]),
    );
    expectGradientMatchesNumeric((x) => weightedSum(sparseCategoricalCrossentropy(y, x, { fromLogits: true })), tf.tensor2d(logits));
    y.dispose();
  });

  it('rejects one-hot targets with a hint', () => {
    expect(() => sparseCategoricalCrossentropy(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.1, 0.8, 0.1]]))).toThrow(
      /yTrue must hold one integer class id per sample, shape \[1\] or \[1, 1\], got \[1, 3\].*categoricalCrossentropy/,
    );
  });

  it('leaks no tensors and round-trips its config', () => {
    const y = tf.tensor1d(labels);
    const p = tf.tensor2d(probabilities);
    const loss = new SparseCategoricalCrossentropy({ ignoreClass: 0 });
    expectNoLeak(() => {
      loss.compute(y, p).dispose();
      sparseCategoricalCrossentropy(y, p).dispose();
    });
    tf.dispose([y, p]);
    expect(loss.getConfig()).toEqual({
      name: 'sparse_categorical_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: false,
      ignoreClass: 0,
    });
  });
});
