import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, EPSILON } from '../base/tensor-utils.js';

/** Mean squared logarithmic error `mean((log(max(p, 1e-7) + 1) - log(max(t, 1e-7) + 1))^2, -1)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function meanSquaredLogarithmicError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('meanSquaredLogarithmicError', yTrue, yPred);
    const logPrediction = tf.log(tf.add(tf.maximum(prediction, EPSILON), 1));
    const logTarget = tf.log(tf.add(tf.maximum(target, EPSILON), 1));
    return tf.mean(tf.square(tf.sub(logPrediction, logTarget)), -1);
  });
}

/** {@link meanSquaredLogarithmicError} as a {@link Loss}; default name `'mean_squared_logarithmic_error'`. */
export class MeanSquaredLogarithmicError extends Loss {
  static override className = 'MeanSquaredLogarithmicError';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'mean_squared_logarithmic_error');
  }

  /** Per-sample loss values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}
