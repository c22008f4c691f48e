import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import type { MetricOptions } from '../base/metric.js';
import { formatShape } from '../base/samplewise.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';
import { inTopK } from './sparse-labels.js';

/** `1` where the one-hot label's class is among the `k` highest predictions. Shapes: `[batch, …, classes]` → `[batch, …]`. */
export function topKCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, k = 5): tf.Tensor {
  if (yTrue.rank !== yPred.rank || yTrue.shape[yTrue.rank - 1] !== yPred.shape[yPred.rank - 1]) {
    throw new ShapeError(
      `topKCategoricalAccuracy expects one-hot yTrue shaped like yPred, got yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}. ` +
        'For integer labels use sparseTopKCategoricalAccuracy.',
    );
  }
  return tf.tidy(() => {
    const numClasses = yPred.shape[yPred.rank - 1] ?? 1;
    const flat = inTopK(tf.reshape(yPred, [-1, numClasses]), tf.reshape(tf.argMax(yTrue, -1), [-1]), k);
    return tf.reshape(flat, yPred.shape.slice(0, -1));
  });
}

/** Options of the top-k accuracy metrics. */
export interface TopKOptions extends MetricOptions {
  /** How many top predictions count as a hit. Default: `5`. */
  k?: number;
}

/** How often the label is among the top `k` predictions; default name `'top_k_categorical_accuracy'`. */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'TopKCategoricalAccuracy';
  /** Number of top predictions considered. */
  readonly k: number;

  /** @param options name and `k`. */
  constructor(options: TopKOptions = {}) {
    const k = options.k ?? 5;
    super((yTrue, yPred) => topKCategoricalAccuracy(yTrue, yPred, k), {
      name: options.name ?? 'top_k_categorical_accuracy',
    });
    this.k = k;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}
