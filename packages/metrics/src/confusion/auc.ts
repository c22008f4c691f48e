import { EPSILON } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { confusionCounts, parseThresholds } from './confusion-counts.js';

/** Options of {@link AUC}. Defaults follow Keras 3 (multi-label AUC is not supported). */
export interface AUCOptions extends MetricOptions {
  /** Number of evenly spaced thresholds, endpoints included; must be > 1. Default: `200`. */
  numThresholds?: number;
  /** `'ROC'` (default) or `'PR'`. */
  curve?: 'ROC' | 'PR';
  /** Riemann sum: `'interpolation'` (default), `'minoring'` or `'majoring'`. */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1]; `numThresholds` is then ignored. */
  thresholds?: readonly number[];
  /** Whether predictions are logits (a sigmoid is applied). Default: `false`. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or precision-recall curve, approximated from confusion counts at fixed
 * thresholds accumulated over every sample seen (Keras 3's `AUC`). Thresholds are
 * `[-1e-7, 1/(n-1), …, (n-2)/(n-1), 1 + 1e-7]`; ROC uses mid-point heights, PR the
 * Davis & Goadrich interpolation. Multi-dimensional inputs are flattened.
 */
export class AUC extends Metric {
  static override className = 'AUC';
  /** Number of thresholds, endpoints included. */
  readonly numThresholds: number;
  /** Curve. */
  readonly curve: 'ROC' | 'PR';
  /** Summation method. */
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Every threshold used, endpoints included. */
  readonly thresholds: readonly number[];
  private readonly userThresholds: readonly number[] | undefined;
  private readonly truePositives: tf.Variable;
  private readonly falsePositives: tf.Variable;
  private readonly trueNegatives: tf.Variable;
  private readonly falseNegatives: tf.Variable;

  /** @param options see {@link AUCOptions}. */
  constructor(options: AUCOptions = {}) {
    super(options, 'auc');
    const curve = options.curve ?? 'ROC';
    const summationMethod = options.summationMethod ?? 'interpolation';
    if (curve !== 'ROC' && curve !== 'PR') throw new ValueError(`AUC: curve must be 'ROC' or 'PR', got ${JSON.stringify(curve)}.`);
    if (!['interpolation', 'minoring', 'majoring'].includes(summationMethod)) {
      throw new ValueError(`AUC: summationMethod must be 'interpolation', 'minoring' or 'majoring', got ${JSON.stringify(summationMethod)}.`);
    }
    let inner: number[];
    if (options.thresholds !== undefined) {
      inner = parseThresholds(this.name, options.thresholds, 0.5).sort((a, b) => a - b);
    } else {
      const count = options.numThresholds ?? 200;
      if (!Number.isInteger(count) || count <= 1) {
        throw new ValueError(`AUC: numThresholds must be an integer > 1, got ${count}.`);
      }
      inner = Array.from({ length: count - 2 }, (_, index) => (index + 1) / (count - 1));
    }
    this.thresholds = [-EPSILON, ...inner, 1 + EPSILON];
    this.numThresholds = this.thresholds.length;
    this.userThresholds = options.thresholds;
    this.curve = curve;
    this.summationMethod = summationMethod;
    this.fromLogits = options.fromLogits ?? false;
    this.truePositives = this.addState([this.numThresholds]);
    this.falsePositives = this.addState([this.numThresholds]);
    this.trueNegatives = this.addState([this.numThresholds]);
    this.falseNegatives = this.addState([this.numThresholds]);
  }

  /** Adds this batch's confusion counts at every threshold. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const scores = this.fromLogits ? tf.sigmoid(yPred) : yPred;
      const counts = confusionCounts(this.name, { yTrue, yPred: scores, sampleWeight, thresholds: this.thresholds });
      Metric.accumulate(this.truePositives, counts.truePositives);
      Metric.accumulate(this.falsePositives, counts.falsePositives);
      Metric.accumulate(this.trueNegatives, counts.trueNegatives);
      Metric.accumulate(this.falseNegatives, counts.falseNegatives);
    });
  }

  /** The area under the chosen curve. */
  result(): tf.Tensor {
    return tf.tidy(() => {
      const n = this.numThresholds;
      const head = (x: tf.Tensor) => tf.slice(x, [0], [n - 1]);
      const tail = (x: tf.Tensor) => tf.slice(x, [1], [n - 1]);
      const tp = this.truePositives;
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') {
        const predictedPositive = tf.add(tp, this.falsePositives);
        const deltaTp = tf.sub(head(tp), tail(tp));
        const deltaP = tf.sub(head(predictedPositive), tail(predictedPositive));
        const slope = tf.divNoNan(deltaTp, tf.maximum(deltaP, 0));
        const intercept = tf.sub(tail(tp), tf.mul(slope, tail(predictedPositive)));
        const bothPositive = tf.logicalAnd(tf.greater(head(predictedPositive), 0), tf.greater(tail(predictedPositive), 0));
        const ratio = tf.where(bothPositive, tf.divNoNan(head(predictedPositive), tf.maximum(tail(predictedPositive), 0)), tf.onesLike(deltaTp));
        const area = tf.mul(slope, tf.add(deltaTp, tf.mul(intercept, tf.log(ratio))));
        return tf.sum(tf.divNoNan(area, tf.maximum(tail(tf.add(tp, this.falseNegatives)), 0)));
      }
      const recall = tf.divNoNan(tp, tf.add(tp, this.falseNegatives));
      let x: tf.Tensor;
      let y: tf.Tensor;
      if (this.curve === 'ROC') {
        x = tf.divNoNan(this.falsePositives, tf.add(this.falsePositives, this.trueNegatives));
        y = recall;
      } else {
        x = recall;
        y = tf.divNoNan(tp, tf.add(tp, this.falsePositives));
      }
      const heights =
        this.summationMethod === 'interpolation'
          ? tf.div(tf.add(head(y), tail(y)), 2)
          : this.summationMethod === 'minoring'
            ? tf.minimum(head(y), tail(y))
            : tf.maximum(head(y), tail(y));
      return tf.sum(tf.mul(tf.sub(head(x), tail(x)), heights));
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      fromLogits: this.fromLogits,
      ...(this.userThresholds !== undefined ? { thresholds: [...this.userThresholds] } : {}),
    };
  }
}
