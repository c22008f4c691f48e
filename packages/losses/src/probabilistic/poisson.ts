import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, EPSILON } from '../base/tensor-utils.js';

/** Poisson loss `mean(p - t * log(p + 1e-7), -1)`. Shapes: `[batch, …, d]` → `[batch, …]`. */
export function poisson(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('poisson', yTrue, yPred);
    return tf.mean(tf.sub(prediction, tf.mul(target, tf.log(tf.add(prediction, EPSILON)))), -1);
  });
}

/** {@link poisson} as a {@link Loss}; default name `'poisson'`. */
export class Poisson extends Loss {
  static override className = 'Poisson';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'poisson');
  }

  /** Per-sample Poisson loss. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return poisson(yTrue, yPred);
  }
}
