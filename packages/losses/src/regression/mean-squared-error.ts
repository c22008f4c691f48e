import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';

/** Mean squared error `mean((yTrue - yPred)^2, -1)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('meanSquaredError', yTrue, yPred);
    return tf.mean(tf.square(tf.sub(target, prediction)), -1);
  });
}

/** {@link meanSquaredError} as a {@link Loss}; default name `'mean_squared_error'`. */
export class MeanSquaredError extends Loss {
  static override className = 'MeanSquaredError';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'mean_squared_error');
  }

  /** Per-sample loss values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}
