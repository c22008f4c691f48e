import * as tf from '@tensorflow/tfjs-core';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';
import { inTopK, sparseLabelsFor } from './sparse-labels.js';
import type { TopKOptions } from './top-k-categorical-accuracy.js';

/** `1` where the integer label is among the `k` highest predictions. Shapes: yTrue `[batch, …]` or `[batch, …, 1]` → `[batch, …]`. */
export function sparseTopKCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, k = 5): tf.Tensor {
  return tf.tidy(() => {
    const labels = sparseLabelsFor('sparseTopKCategoricalAccuracy', yTrue, yPred);
    const numClasses = yPred.shape[yPred.rank - 1] ?? 1;
    const flat = inTopK(tf.reshape(yPred, [-1, numClasses]), tf.reshape(labels, [-1]), k);
    return tf.reshape(flat, yPred.shape.slice(0, -1));
  });
}

/** How often the integer label is among the top `k` predictions; default name `'sparse_top_k_categorical_accuracy'`. */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'SparseTopKCategoricalAccuracy';
  /** Number of top predictions considered. */
  readonly k: number;

  /** @param options name and `k`. */
  constructor(options: TopKOptions = {}) {
    const k = options.k ?? 5;
    super((yTrue, yPred) => sparseTopKCategoricalAccuracy(yTrue, yPred, k), {
      name: options.name ?? 'sparse_top_k_categorical_accuracy',
    });
    this.k = k;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}
