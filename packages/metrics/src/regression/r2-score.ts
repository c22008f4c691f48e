import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { formatShape, toFloat } from '../base/samplewise.js';

/** How {@link R2Score} combines the scores of several outputs. */
export type R2ClassAggregation = 'uniform_average' | 'variance_weighted_average' | null;

/** Options of {@link R2Score}. Defaults follow Keras 3. */
export interface R2ScoreOptions extends MetricOptions {
  /** `'uniform_average'` (default), `'variance_weighted_average'`, or `null` for one score per output. */
  classAggregation?: R2ClassAggregation;
  /** Number of regressors for the adjusted R²; `0` (default) gives the plain score. */
  numRegressors?: number;
}

/**
 * Coefficient of determination `1 - SS_res / SS_tot` over every sample seen, per output column,
 * then aggregated (Keras 3's `R2Score`). Expects `[batch]` or `[batch, outputs]` values.
 */
export class R2Score extends Metric {
  static override className = 'R2Score';
  /** Aggregation across outputs. */
  readonly classAggregation: R2ClassAggregation;
  /** Regressor count for the adjusted score. */
  readonly numRegressors: number;
  private state?: { sum: tf.Variable; squaredSum: tf.Variable; residual: tf.Variable; count: tf.Variable };
  // A host-side count of elements seen, known from static shapes, so the adjusted score needs no read.
  private numSamples = 0;

  /** @param options name, classAggregation and numRegressors. */
  constructor(options: R2ScoreOptions = {}) {
    super(options, 'r2_score');
    const aggregation = options.classAggregation === undefined ? 'uniform_average' : options.classAggregation;
    if (aggregation !== null && aggregation !== 'uniform_average' && aggregation !== 'variance_weighted_average') {
      throw new ValueError(`R2Score: classAggregation must be 'uniform_average', 'variance_weighted_average' or null, got ${JSON.stringify(aggregation)}.`);
    }
    const numRegressors = options.numRegressors ?? 0;
    if (!Number.isInteger(numRegressors) || numRegressors < 0) {
      throw new ValueError(`R2Score: numRegressors must be a non-negative integer, got ${numRegressors}.`);
    }
    this.classAggregation = aggregation;
    this.numRegressors = numRegressors;
  }

  /** Accumulates weighted sums of targets, squared targets, squared residuals and weights per output. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      let [target, prediction] = squeezeOrExpandToSameRank(toFloat(yTrue), toFloat(yPred));
      if (target.rank === 1) [target, prediction] = [tf.expandDims(target, 1), tf.expandDims(prediction, 1)];
      if (target.rank !== 2 || prediction.rank !== 2 || target.shape[1] !== prediction.shape[1]) {
        throw new ShapeError(
          `R2Score expects yTrue and yPred of shape [batch] or [batch, outputs], got ${formatShape(yTrue.shape)} and ${formatShape(yPred.shape)}.`,
        );
      }
      const outputs = target.shape[1] ?? 1;
      if (this.state === undefined) {
        this.state = {
          sum: this.addState([outputs]),
          squaredSum: this.addState([outputs]),
          residual: this.addState([outputs]),
          count: this.addState([outputs]),
        };
      } else if (this.state.sum.shape[0] !== outputs) {
        throw new ShapeError(`R2Score '${this.name}' was first updated with ${this.state.sum.shape[0]} outputs, now got ${outputs}.`);
      }
      let weight = sampleWeight === undefined ? tf.scalar(1) : toFloat(sampleWeight);
      if (weight.rank === 1) weight = tf.expandDims(weight, 1);
      weight = tf.broadcastTo(weight, target.shape);
      const weightedTarget = tf.mul(target, weight);
      Metric.accumulate(this.state.sum, tf.sum(weightedTarget, 0));
      Metric.accumulate(this.state.squaredSum, tf.sum(tf.mul(target, weightedTarget), 0));
      Metric.accumulate(this.state.residual, tf.sum(tf.mul(tf.square(tf.sub(target, prediction)), weight), 0));
      Metric.accumulate(this.state.count, tf.sum(weight, 0));
      this.numSamples += target.size;
    });
  }

  /** The (adjusted) R² score; a scalar, or one score per output when `classAggregation` is null. */
  result(): tf.Tensor {
    const state = this.state;
    if (state === undefined) return tf.scalar(0);
    return tf.tidy(() => {
      const mean = tf.div(state.sum, state.count);
      const total = tf.sub(state.squaredSum, tf.mul(state.sum, mean));
      let raw = tf.sub(1, tf.div(state.residual, total));
      raw = tf.where(tf.isInf(raw), tf.zerosLike(raw), raw);
      let score: tf.Tensor = raw;
      if (this.classAggregation === 'uniform_average') score = tf.mean(raw);
      else if (this.classAggregation === 'variance_weighted_average') {
        score = tf.div(tf.sum(tf.mul(total, raw)), tf.sum(total));
      }
      // Keras falls back to the plain score when n - 1 <= p, where the adjustment is undefined.
      if (this.numRegressors !== 0 && this.numRegressors < this.numSamples - 1) {
        const n = this.numSamples;
        score = tf.sub(1, tf.div(tf.mul(tf.sub(1, score), n - 1), n - this.numRegressors - 1));
      }
      return score;
    });
  }

  override resetState(): void {
    super.resetState();
    this.numSamples = 0;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), classAggregation: this.classAggregation, numRegressors: this.numRegressors };
  }
}
