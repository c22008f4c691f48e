import * as tf from '@tensorflow/tfjs-core';
import { Metric, type MetricOptions } from '../base/metric.js';
import { reduceToSamplewiseValues } from '../base/samplewise.js';

/**
 * Weighted mean of the values passed to {@link Mean.update}: `sum(values * w) / sum(w)`, with
 * values first averaged to one per sample (Keras 3's `Mean`). Without weights every sample
 * counts once.
 */
export class Mean extends Metric {
  static override className = 'Mean';
  private readonly total: tf.Variable;
  private readonly count: tf.Variable;

  /** @param options metric name (default `'mean'`). */
  constructor(options: MetricOptions = {}) {
    super(options, 'mean');
    this.total = this.addState([]);
    this.count = this.addState([]);
  }

  /** Accumulates `values` (shape `[batch, …]` or scalar) with optional per-sample weights. */
  update(values: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const reduced = reduceToSamplewiseValues(this.name, values, sampleWeight, (x, axes) => tf.mean(x, axes));
      Metric.accumulate(this.total, tf.sum(reduced.values));
      const samples =
        reduced.sampleWeight !== undefined ? tf.sum(reduced.sampleWeight) : tf.scalar(reduced.values.rank >= 1 ? (reduced.values.shape[0] ?? 1) : 1);
      Metric.accumulate(this.count, samples);
    });
  }

  /** For a bare `Mean` used as a compile metric: averages `yPred` (the targets are unused). */
  updateState(_yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    this.update(yPred, sampleWeight);
  }

  /** `total / count`, or 0 before any update. */
  result(): tf.Tensor {
    return tf.divNoNan(this.total, this.count);
  }
}
