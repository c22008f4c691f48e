import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches, seededRandom, splitRows } from '../testing/metric.test-utils.js';
import { F1Score } from './f1-score.js';
import { FBetaScore } from './f-beta-score.js';

const eps = 1e-7;
const random = seededRandom(31);
const classes = 3;
const rows = Array.from({ length: 22 }, () => ({
  labels: Array.from({ length: classes }, () => (random() < 0.4 ? 1 : 0)),
  scores: Array.from({ length: classes }, () => random()),
  weight: random() * 2,
}));

function reference(options: { beta?: number; threshold?: number | null; average?: string | null; weighted?: boolean }) {
  const { beta = 1, threshold = null, average = null, weighted = false } = options;
  const tp = [0, 0, 0];
  const fp = [0, 0, 0];
  const fn = [0, 0, 0];
  const support = [0, 0, 0];
  for (const row of rows) {
    const w = weighted ? row.weight : 1;
    const best = Math.max(...row.scores);
    row.scores.forEach((score, c) => {
      const predicted = threshold === null ? score >= best : score > threshold;
      const label = row.labels[c] === 1;
      const add = (counts: number[]) => {
        counts[c] = (counts[c] as number) + w;
      };
      if (predicted && label) add(tp);
      if (predicted && !label) add(fp);
      if (!predicted && label) add(fn);
      if (label) add(support);
    });
  }
  const score = (t: number, p: number, n: number) => {
    const precision = t / (t + p + eps);
    const recall = t / (t + n + eps);
    return ((1 + beta * beta) * precision * recall) / (beta * beta * precision + recall + eps);
  };
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  if (average === 'micro') return [score(sum(tp), sum(fp), sum(fn))];
  const perClass = tp.map((t, c) => score(t, fp[c] as number, fn[c] as number));
  if (average === 'macro') return [sum(perClass) / classes];
  if (average === 'weighted') return [sum(perClass.map((s, c) => (s * (support[c] as number)) / (sum(support) + eps)))];
  return perClass;
}

const batches = (weighted: boolean) =>
  splitRows(rows, [9, 4, 9]).map((batch) => ({
    yTrue: batch.map((r) => r.labels),
    yPred: batch.map((r) => r.scores),
    ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
  }));

describe('FBetaScore and F1Score', () => {
  it('reproduce the Keras F1Score docstring example ([0.5, 0.8, 0.667])', () => {
    const metric = new F1Score({ threshold: 0.5 });
    const result = runBatches(metric, [
      {
        yTrue: [
          [1, 1, 1],
          [1, 0, 0],
          [1, 1, 0],
        ],
        yPred: [
          [0.2, 0.6, 0.7],
          [0.2, 0.6, 0.6],
          [0.6, 0.8, 0],
        ],
      },
    ]);
    expectAllClose(result, [0.5, 0.8, 2 / 3], 1e-5);
    metric.dispose();
  });

  it('equal the whole-data score for every average, threshold and beta, weighted or not', () => {
    for (const average of [null, 'micro', 'macro', 'weighted'] as const) {
      for (const threshold of [null, 0.4]) {
        for (const weighted of [false, true]) {
          const f1 = new F1Score({ average, threshold });
          expectAllClose(runBatches(f1, batches(weighted)), reference({ average, threshold, weighted }));
          f1.dispose();
        }
      }
      const f2 = new FBetaScore({ average, beta: 2 });
      expectAllClose(runBatches(f2, batches(true)), reference({ average, beta: 2, weighted: true }));
      f2.dispose();
    }
  });

  it('validates options and shapes, and reports its config', () => {
    expect(() => new FBetaScore({ beta: 0 })).toThrow(/fbeta_score: beta must be a number > 0, got 0/);
    expect(() => new F1Score({ average: 'samples' as never })).toThrow(/average must be null, 'micro', 'macro' or 'weighted'/);
    expect(() => new F1Score({ threshold: 0 })).toThrow(/threshold must satisfy 0 < threshold <= 1/);
    const metric = new F1Score({ average: 'macro' });
    expect(() => metric.updateState(tf.tensor1d([1, 0]), tf.tensor1d([0.2, 0.9]))).toThrow(
      /f1_score expects yTrue and yPred of shape \[batch, classes\], got \[2\] and \[2\]/,
    );
    expect(metric.getConfig()).toEqual({ name: 'f1_score', average: 'macro', threshold: null });
    metric.dispose();
  });
});
