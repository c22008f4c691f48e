import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, EPSILON } from '../base/tensor-utils.js';

/** Mean absolute percentage error `100 * mean(|t - p| / max(|t|, 1e-7), -1)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function meanAbsolutePercentageError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('meanAbsolutePercentageError', yTrue, yPred);
    const scale = tf.maximum(tf.abs(target), EPSILON);
    return tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(target, prediction), scale)), -1));
  });
}

/** {@link meanAbsolutePercentageError} as a {@link Loss}; default name `'mean_absolute_percentage_error'`. */
export class MeanAbsolutePercentageError extends Loss {
  static override className = 'MeanAbsolutePercentageError';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'mean_absolute_percentage_error');
  }

  /** Per-sample loss values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}
