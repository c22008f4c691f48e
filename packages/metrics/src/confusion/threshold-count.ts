import * as tf from '@tensorflow/tfjs-core';
import { Metric, type MetricOptions } from '../base/metric.js';
import { type ConfusionCounts, confusionCounts, parseThresholds } from './confusion-counts.js';

/** Options of the confusion-count metrics. */
export interface ThresholdCountOptions extends MetricOptions {
  /** One threshold or a list; predictions above a threshold are positive. Default: `0.5`. */
  thresholds?: number | readonly number[];
}

/**
 * Shared base of {@link TruePositives}, {@link FalsePositives}, {@link TrueNegatives} and
 * {@link FalseNegatives}: a weighted count per threshold; the result is a scalar for one
 * threshold and a vector otherwise (Keras 3's `_ConfusionMatrixConditionCount`).
 */
export abstract class ThresholdCount extends Metric {
  /** Thresholds in [0, 1]. */
  readonly thresholds: readonly number[];
  private readonly accumulator: tf.Variable;

  /**
   * @param options name and thresholds.
   * @param defaultName Keras name of the concrete class.
   */
  protected constructor(options: ThresholdCountOptions, defaultName: string) {
    super(options, defaultName);
    this.thresholds = parseThresholds(this.name, options.thresholds, 0.5);
    this.accumulator = this.addState([this.thresholds.length]);
  }

  /** Which of the four counts this metric keeps. */
  protected abstract pick(counts: ConfusionCounts): tf.Tensor;

  /** Adds this batch's weighted count. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const counts = confusionCounts(this.name, { yTrue, yPred, sampleWeight, thresholds: this.thresholds });
      Metric.accumulate(this.accumulator, this.pick(counts));
    });
  }

  /** The count (scalar for one threshold, else one per threshold). */
  result(): tf.Tensor {
    return this.thresholds.length === 1 ? tf.reshape(this.accumulator, []) : tf.clone(this.accumulator);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: [...this.thresholds] };
  }
}
