import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import type { MetricOptions } from '../base/metric.js';
import { formatShape } from '../base/samplewise.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** `1` where the arg-max of `yPred` equals the arg-max of one-hot `yTrue`. Shapes: `[batch, …, classes]` → `[batch, …]`. */
export function categoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  if (yTrue.rank !== yPred.rank || yTrue.shape[yTrue.rank - 1] !== yPred.shape[yPred.rank - 1]) {
    throw new ShapeError(
      `categoricalAccuracy expects one-hot yTrue shaped like yPred, got yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}. ` +
        'For integer labels use sparseCategoricalAccuracy.',
    );
  }
  return tf.tidy(() => tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32'));
}

/** How often the predicted class matches the one-hot label; default name `'categorical_accuracy'`. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'CategoricalAccuracy';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, { name: options.name ?? 'categorical_accuracy' });
  }
}
