import * as tf from '@tensorflow/tfjs-core';
import type { Distribution } from '@keras-ts/core/internal';
import { describe, expect, it } from 'vitest';
import { BatchNormalization } from './batch-normalization.js';
import { synchronizedMoments } from './synchronized-moments.js';

/** Two ranks holding the same rows: every all-reduce doubles its input. */
const twins: Distribution = {
  rank: 0,
  worldSize: 2,
  allReduceSum: (values) => tf.mul(values, 2) as tf.Tensor1D,
  broadcast: (values) => tf.clone(values),
  allGather: (values) => tf.concat([values, values]) as tf.Tensor1D,
};

describe('synchronizedMoments', () => {
  it("gives the global batch's mean and variance: for identical ranks, the local ones", () => {
    const x = tf.randomNormal([6, 4, 3], 2, 3, 'float32', 1);
    const expected = tf.moments(x, [0, 1]);
    const { mean, variance } = synchronizedMoments(x, [0, 1], twins);
    expect(mean.shape).toEqual([3]);
    const close = (a: tf.Tensor, b: tf.Tensor) => Math.max(...tf.abs(tf.sub(a, b)).dataSync());
    expect(close(mean, expected.mean)).toBeLessThan(1e-5);
    expect(close(variance, expected.variance)).toBeLessThan(1e-4);
  });

  it("is differentiable: the gradient sums every rank's share of it", () => {
    const x = tf.randomNormal([4, 2], 0, 1, 'float32', 2);
    // One process on the 8 rows of both twins gets ⅛ per element; this rank's gradient is scaled
    // by its share ½ afterwards, so before that it must be ¼: what the 4 local rows alone give.
    const local = tf.grad((input: tf.Tensor) => tf.sum(tf.moments(input, [0]).mean))(x);
    const synchronized = tf.grad((input: tf.Tensor) => tf.sum(synchronizedMoments(input, [0], twins).mean))(x);
    expect(Array.from(synchronized.dataSync())).toEqual(Array.from(local.dataSync()).map((v) => expect.closeTo(v, 5)));
  });
});

describe('BatchNormalization synchronized option', () => {
  it('defaults to false and round-trips through its config only when set', () => {
    expect(new BatchNormalization().synchronized).toBe(false);
    expect(new BatchNormalization().getConfig()).not.toHaveProperty('synchronized');
    const layer = new BatchNormalization({ synchronized: true });
    expect(layer.getConfig().synchronized).toBe(true);
    expect(new BatchNormalization(layer.getConfig()).synchronized).toBe(true);
  });
});
