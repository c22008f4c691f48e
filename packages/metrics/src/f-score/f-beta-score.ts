import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { formatShape, toFloat } from '../base/samplewise.js';

/** How {@link FBetaScore} averages per-class scores. */
export type FScoreAverage = null | 'micro' | 'macro' | 'weighted';

/** Options of {@link FBetaScore}. Defaults follow Keras 3. */
export interface FBetaScoreOptions extends MetricOptions {
  /** `null` (one score per class, default), `'micro'`, `'macro'` or `'weighted'` (by support). */
  average?: FScoreAverage;
  /** Weight of recall relative to precision; > 0. Default: `1`. */
  beta?: number;
  /** Scores above it are positive; `null` (default) marks each sample's arg-max class positive. */
  threshold?: number | null;
}

const EPSILON = 1e-7;

/**
 * F-beta score `(1 + b²) · P · R / (b² · P + R)` from true positives, false positives and false
 * negatives accumulated over every sample seen, for `[batch, classes]` inputs (Keras 3's
 * `FBetaScore`).
 */
export class FBetaScore extends Metric {
  static override className = 'FBetaScore';
  /** Averaging mode. */
  readonly average: FScoreAverage;
  /** Recall weight. */
  readonly beta: number;
  /** Decision threshold, or null for arg-max. */
  readonly threshold: number | null;
  private state?: { tp: tf.Variable; fp: tf.Variable; fn: tf.Variable; support: tf.Variable };

  /** @param options average, beta, threshold and name. */
  constructor(options: FBetaScoreOptions = {}, defaultName = 'fbeta_score') {
    super(options, defaultName);
    const average = options.average ?? null;
    if (average !== null && average !== 'micro' && average !== 'macro' && average !== 'weighted') {
      throw new ValueError(`${this.name}: average must be null, 'micro', 'macro' or 'weighted', got ${JSON.stringify(average)}.`);
    }
    const beta = options.beta ?? 1;
    if (!(beta > 0)) throw new ValueError(`${this.name}: beta must be a number > 0, got ${beta}.`);
    const threshold = options.threshold ?? null;
    if (threshold !== null && !(threshold > 0 && threshold <= 1)) {
      throw new ValueError(`${this.name}: threshold must satisfy 0 < threshold <= 1, got ${threshold}.`);
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  /** Adds this batch's per-class (or, for `'micro'`, total) counts. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    if (yTrue.rank !== 2 || yPred.rank !== 2 || yTrue.shape[1] !== yPred.shape[1]) {
      throw new ShapeError(`${this.name} expects yTrue and yPred of shape [batch, classes], got ${formatShape(yTrue.shape)} and ${formatShape(yPred.shape)}.`);
    }
    tf.tidy(() => {
      const numClasses = yPred.shape[1] ?? 1;
      const shape = this.average === 'micro' ? [] : [numClasses];
      if (this.state === undefined) {
        this.state = {
          tp: this.addState(shape),
          fp: this.addState(shape),
          fn: this.addState(shape),
          support: this.addState(shape),
        };
      } else if (this.average !== 'micro' && this.state.tp.shape[0] !== numClasses) {
        throw new ShapeError(`${this.name} was first updated with ${this.state.tp.shape[0]} classes, now got ${numClasses}.`);
      }
      const scores = toFloat(yPred);
      const predicted =
        this.threshold === null
          ? tf.logicalAnd(tf.greaterEqual(scores, tf.max(scores, -1, true)), tf.greater(tf.abs(scores), 1e-9))
          : tf.greater(scores, this.threshold);
      const positive = tf.cast(predicted, 'float32');
      const target = toFloat(yTrue);
      const weight = sampleWeight === undefined ? undefined : tf.reshape(toFloat(sampleWeight), [-1, 1]);
      const weightedSum = (x: tf.Tensor) => {
        const weighted = weight === undefined ? x : tf.mul(x, weight);
        return this.average === 'micro' ? tf.sum(weighted) : tf.sum(weighted, 0);
      };
      const state = this.state;
      Metric.accumulate(state.tp, weightedSum(tf.mul(positive, target)));
      Metric.accumulate(state.fp, weightedSum(tf.mul(positive, tf.sub(1, target))));
      Metric.accumulate(state.fn, weightedSum(tf.mul(tf.sub(1, positive), target)));
      Metric.accumulate(state.support, weightedSum(target));
    });
  }

  /** The score: one per class when `average` is null, else a scalar. */
  result(): tf.Tensor {
    const state = this.state;
    if (state === undefined) return tf.scalar(0);
    return tf.tidy(() => {
      const precision = tf.div(state.tp, tf.add(tf.add(state.tp, state.fp), EPSILON));
      const recall = tf.div(state.tp, tf.add(tf.add(state.tp, state.fn), EPSILON));
      const betaSquared = this.beta * this.beta;
      const harmonic = tf.div(tf.mul(precision, recall), tf.add(tf.add(tf.mul(betaSquared, precision), recall), EPSILON));
      const score = tf.mul(harmonic, 1 + betaSquared);
      if (this.average === 'weighted') {
        return tf.sum(tf.mul(score, tf.div(state.support, tf.add(tf.sum(state.support), EPSILON))));
      }
      return this.average === null ? score : tf.mean(score);
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}
