import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { KLDivergence, klDivergence } from './kl-divergence.js';

const yTrue = [
  [0.2, 0.8],
  [0, 1],
];
const yPred = [
  [0.5, 0.5],
  [0.3, 0.7],
];

function reference(t: number[][], p: number[][]): number[] {
  const clip = (v: number) => Math.min(Math.max(v, 1e-7), 1);
  return t.map((row, i) => row.reduce((sum, v, j) => sum + clip(v) * Math.log(clip(v) / clip((p[i] as number[])[j] as number)), 0));
}

describe('klDivergence', () => {
  it('matches sum(t log(t / p)) with clipping', () => {
    expectAllClose(take(klDivergence(tf.tensor2d(yTrue), tf.tensor2d(yPred))), reference(yTrue, yPred));
  });

  it('has gradients matching central differences', () => {
    const t = tf.tensor2d(yTrue);
    expectGradientMatchesNumeric((x) => weightedSum(klDivergence(t, x)), tf.tensor2d(yPred));
    t.dispose();
  });

  it('leaks no tensors; has Keras name', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(yPred);
    const loss = new KLDivergence();
    expectNoLeak(() => loss.compute(t, p).dispose());
    tf.dispose([t, p]);
    expect(loss.name).toBe('kl_divergence');
  });
});
