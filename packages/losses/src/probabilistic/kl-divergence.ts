import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, EPSILON } from '../base/tensor-utils.js';

/**
 * Kullback-Leibler divergence `sum(t * log(t / p), -1)` with both distributions clipped into
 * `[1e-7, 1]`, as Keras does. Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function klDivergence(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('klDivergence', yTrue, yPred);
    const t = tf.clipByValue(target, EPSILON, 1);
    const p = tf.clipByValue(prediction, EPSILON, 1);
    return tf.sum(tf.mul(t, tf.log(tf.div(t, p))), -1);
  });
}

/** {@link klDivergence} as a {@link Loss}; default name `'kl_divergence'`. */
export class KLDivergence extends Loss {
  static override className = 'KLDivergence';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'kl_divergence');
  }

  /** Per-sample divergence. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return klDivergence(yTrue, yPred);
  }
}
