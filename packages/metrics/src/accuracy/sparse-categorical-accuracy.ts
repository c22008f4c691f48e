import * as tf from '@tensorflow/tfjs-core';
import type { MetricOptions } from '../base/metric.js';
import { toFloat } from '../base/samplewise.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';
import { sparseLabelsFor } from './sparse-labels.js';

/** `1` where the arg-max of `yPred` equals the integer label. Shapes: yTrue `[batch, …]` or `[batch, …, 1]`, yPred `[batch, …, classes]` → `[batch, …]`. */
export function sparseCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const labels = toFloat(sparseLabelsFor('sparseCategoricalAccuracy', yTrue, yPred));
    return tf.cast(tf.equal(labels, tf.cast(tf.argMax(yPred, -1), 'float32')), 'float32');
  });
}

/** How often the predicted class matches the integer label; default name `'sparse_categorical_accuracy'`. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'SparseCategoricalAccuracy';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, { name: options.name ?? 'sparse_categorical_accuracy' });
  }
}
