import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';

/** Logarithm of the hyperbolic cosine of the error, `mean(log(cosh(p - t)), -1)`, computed stably as `x + softplus(-2x) - log(2)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function logCosh(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('logCosh', yTrue, yPred);
    const error = tf.sub(prediction, target);
    return tf.mean(tf.sub(tf.add(error, tf.softplus(tf.mul(error, -2))), Math.log(2)), -1);
  });
}

/** {@link logCosh} as a {@link Loss}; default name `'log_cosh'`. */
export class LogCosh extends Loss {
  static override className = 'LogCosh';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'log_cosh');
  }

  /** Per-sample loss values. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return logCosh(yTrue, yPred);
  }
}
