import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, normalizeAxis } from '../base/tensor-utils.js';

/** Options of {@link cosineSimilarity}. */
export interface CosineSimilarityOptions {
  /** Axis along which similarity is computed. Default: `-1`. */
  axis?: number;
}

/** `x / ||x||` along `axis`, with the squared norm floored at 1e-12 so zero vectors stay zero. */
function l2Normalize(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), axis, true), 1e-12)));
}

/**
 * Negative cosine similarity `-sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)`: -1 for
 * vectors pointing the same way, 0 when orthogonal or when either is zero.
 * Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function cosineSimilarity(yTrue: tf.Tensor, yPred: tf.Tensor, options: CosineSimilarityOptions = {}): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('cosineSimilarity', yTrue, yPred);
    const axis = normalizeAxis('cosineSimilarity', options.axis ?? -1, prediction.rank);
    return tf.neg(tf.sum(tf.mul(l2Normalize(target, axis), l2Normalize(prediction, axis)), axis));
  });
}

/** Options of the {@link CosineSimilarity} loss class. */
export interface CosineSimilarityConfig extends LossOptions, CosineSimilarityOptions {}

/** {@link cosineSimilarity} as a {@link Loss}; default name `'cosine_similarity'`. */
export class CosineSimilarity extends Loss {
  static override className = 'CosineSimilarity';
  /** Similarity axis. */
  readonly axis: number;

  /** @param config loss options and `axis`. */
  constructor(config: CosineSimilarityConfig = {}) {
    super(config, 'cosine_similarity');
    this.axis = config.axis ?? -1;
  }

  /** Per-sample negative cosine similarity. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return cosineSimilarity(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
