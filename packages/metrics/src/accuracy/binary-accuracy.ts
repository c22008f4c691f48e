import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricOptions } from '../base/metric.js';
import { toFloat } from '../base/samplewise.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Per-sample fraction of entries where `yPred > threshold` matches the 0/1 label. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function binaryAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, threshold = 0.5): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = squeezeOrExpandToSameRank(toFloat(yTrue), toFloat(yPred));
    const predicted = tf.cast(tf.greater(prediction, threshold), 'float32');
    const matches = tf.cast(tf.equal(target, predicted), 'float32');
    return matches.rank === 0 ? matches : tf.mean(matches, -1);
  });
}

/** Options of {@link BinaryAccuracy}. */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** Predictions above it count as 1. Default: `0.5`. */
  threshold?: number;
}

/** How often thresholded predictions match binary labels; default name `'binary_accuracy'`. */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override className = 'BinaryAccuracy';
  /** Decision threshold. */
  readonly threshold: number;

  /** @param options name and threshold. */
  constructor(options: BinaryAccuracyOptions = {}) {
    const threshold = options.threshold ?? 0.5;
    super((yTrue, yPred) => binaryAccuracy(yTrue, yPred, threshold), { name: options.name ?? 'binary_accuracy' });
    this.threshold = threshold;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}
