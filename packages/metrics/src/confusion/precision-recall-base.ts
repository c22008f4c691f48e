import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { confusionCounts, NEG_INF, parseThresholds } from './confusion-counts.js';

/** Options of {@link Precision} and {@link Recall}. Defaults follow Keras 3. */
export interface PrecisionRecallOptions extends MetricOptions {
  /** One threshold or a list in [0, 1]. Default: `0.5`, or none (any top-k score counts) with `topK`. */
  thresholds?: number | readonly number[];
  /** Only each sample's `topK` highest scores may count as positive. */
  topK?: number;
  /** Compute the metric for this class column only. */
  classId?: number;
}

/** Shared state of {@link Precision} and {@link Recall}: true positives and the complementary count. */
export abstract class PrecisionRecallBase extends Metric {
  /** Thresholds (per entry of the result). */
  readonly thresholds: readonly number[];
  /** Top-k restriction, if any. */
  readonly topK: number | undefined;
  /** Class restriction, if any. */
  readonly classId: number | undefined;
  private readonly userThresholds: number | readonly number[] | undefined;
  protected readonly truePositives: tf.Variable;
  /** False positives for precision, false negatives for recall. */
  protected readonly misses: tf.Variable;

  /** @param options thresholds, topK, classId and name. */
  protected constructor(options: PrecisionRecallOptions, defaultName: string) {
    super(options, defaultName);
    if (options.topK !== undefined && !(Number.isInteger(options.topK) && options.topK > 0)) {
      throw new ValueError(`${this.name}: topK must be a positive integer, got ${options.topK}.`);
    }
    this.userThresholds = options.thresholds;
    this.thresholds = options.topK !== undefined && options.thresholds === undefined ? [NEG_INF] : parseThresholds(this.name, options.thresholds, 0.5);
    this.topK = options.topK;
    this.classId = options.classId;
    this.truePositives = this.addState([this.thresholds.length]);
    this.misses = this.addState([this.thresholds.length]);
  }

  /** Whether the complementary count is false negatives (recall) rather than false positives (precision). */
  protected abstract readonly countsFalseNegatives: boolean;

  /** Adds this batch's counts. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const counts = confusionCounts(this.name, {
        yTrue,
        yPred,
        sampleWeight,
        thresholds: this.thresholds,
        topK: this.topK,
        classId: this.classId,
      });
      Metric.accumulate(this.truePositives, counts.truePositives);
      Metric.accumulate(this.misses, this.countsFalseNegatives ? counts.falseNegatives : counts.falsePositives);
    });
  }

  /** `tp / (tp + misses)` (0 when both are 0); scalar for one threshold. */
  result(): tf.Tensor {
    return tf.tidy(() => {
      const value = tf.divNoNan(this.truePositives, tf.add(this.truePositives, this.misses));
      return this.thresholds.length === 1 ? tf.reshape(value, []) : value;
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      thresholds: this.userThresholds === undefined ? null : this.userThresholds,
      topK: this.topK ?? null,
      classId: this.classId ?? null,
    };
  }
}
