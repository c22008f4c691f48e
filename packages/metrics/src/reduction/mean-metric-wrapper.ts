import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import type { MetricOptions } from '../base/metric.js';
import { Mean } from './mean.js';

/** A per-sample function `(yTrue, yPred) => Tensor` turned into a metric by {@link MeanMetricWrapper}. */
export type MetricFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * Averages a per-sample function over every batch seen (Keras 3's `MeanMetricWrapper`): each
 * update computes `fn(yTrue, yPred)` and feeds it, with the sample weights, to {@link Mean}.
 */
export class MeanMetricWrapper extends Mean {
  static override className = 'MeanMetricWrapper';
  /** The wrapped per-sample function. */
  readonly fn: MetricFunction;

  /**
   * @param fn per-sample function.
   * @param options metric name; default: the function's name, else `'mean_metric_wrapper'`.
   */
  constructor(fn: MetricFunction, options: MetricOptions = {}) {
    if (typeof fn !== 'function') {
      throw new ValueError(`MeanMetricWrapper expects a function (yTrue, yPred) => Tensor, got ${typeof fn}.`);
    }
    super({ name: options.name ?? (fn.name !== '' ? fn.name : 'mean_metric_wrapper') });
    this.fn = fn;
  }

  /** Accumulates the mean of `fn(yTrue, yPred)`, weighted by `sampleWeight`. */
  override updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => this.update(this.fn(yTrue, yPred), sampleWeight));
  }
}
