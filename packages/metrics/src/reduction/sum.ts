import * as tf from '@tensorflow/tfjs-core';
import { Metric, type MetricOptions } from '../base/metric.js';
import { reduceToSamplewiseValues } from '../base/samplewise.js';

/** Weighted sum of every value passed to {@link Sum.update} (Keras 3's `Sum`). */
export class Sum extends Metric {
  static override className = 'Sum';
  private readonly total: tf.Variable;

  /** @param options metric name (default `'sum'`). */
  constructor(options: MetricOptions = {}) {
    super(options, 'sum');
    this.total = this.addState([]);
  }

  /** Accumulates `sum(values * sampleWeight)`. */
  update(values: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const reduced = reduceToSamplewiseValues(this.name, values, sampleWeight, (x, axes) => tf.sum(x, axes));
      Metric.accumulate(this.total, tf.sum(reduced.values));
    });
  }

  /** For a bare `Sum` used as a compile metric: sums `yPred` (the targets are unused). */
  updateState(_yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    this.update(yPred, sampleWeight);
  }

  /** The accumulated sum. */
  result(): tf.Tensor {
    return tf.clone(this.total);
  }
}
