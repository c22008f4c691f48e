import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { CosineSimilarity, cosineSimilarity } from './cosine-similarity.js';

describe('cosineSimilarity', () => {
  it('is minus the cosine of the angle, 0 for a zero vector (Keras example: [-0, -1, 1])', () => {
    const result = take(
      cosineSimilarity(
        tf.tensor2d([
          [0, 1],
          [1, 1],
          [1, 1],
          [0, 0],
        ]),
        tf.tensor2d([
          [1, 0],
          [1, 1],
          [-1, -1],
          [1, 2],
        ]),
      ),
    );
    expectAllClose(result, [0, -1, 1, 0], 1e-5);
    const t = [3, 4, 0];
    const p = [1, 2, 2];
    const cosine = (3 * 1 + 4 * 2) / (5 * 3);
    expectAllClose(take(cosineSimilarity(tf.tensor2d([t]), tf.tensor2d([p]))), [-cosine]);
  });

  it('works along another axis', () => {
    const result = take(
      cosineSimilarity(
        tf.tensor2d([
          [1, 0],
          [0, 1],
        ]),
        tf.tensor2d([
          [1, 1],
          [0, 1],
        ]),
        { axis: 0 },
      ),
    );
    expectAllClose(result, [-1, -1 / Math.SQRT2]);
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d([
      [1, 2, -1],
      [0.5, 0.5, 2],
    ]);
    expectGradientMatchesNumeric(
      (x) => weightedSum(cosineSimilarity(t, x)),
      tf.tensor2d([
        [0.3, 1, 2],
        [-1, 0.4, 0.8],
      ]),
    );
    t.dispose();
  });

  it('leaks no tensors; config round-trips', () => {
    const t = tf.tensor2d([[1, 2]]);
    const p = tf.tensor2d([[2, 1]]);
    const loss = new CosineSimilarity({ axis: -1 });
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(loss.getConfig()).toEqual({ name: 'cosine_similarity', reduction: 'sum_over_batch_size', axis: -1 });
  });
});
