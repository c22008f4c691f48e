import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';

/** Mean absolute error `mean(|yTrue - yPred|, -1)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function meanAbsoluteError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('meanAbsoluteError', yTrue, yPred);
    return tf.mean(tf.abs(tf.sub(target, prediction)), -1);
  });
}

/** {@link meanAbsoluteError} as a {@link Loss}; default name `'mean_absolute_error'`. */
export class MeanAbsoluteError extends Loss {
  static override className = 'MeanAbsoluteError';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'mean_absolute_error');
  }

  /** Per-sample loss values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}
