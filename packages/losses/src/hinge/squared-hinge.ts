import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';
import { convertBinaryLabelsToHinge } from './hinge-labels.js';

/**
 * Squared hinge loss `mean(max(1 - t * p, 0)^2, -1)` for labels in {-1, 1}; 0/1 labels are
 * converted to -1/1 first. Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function squaredHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('squaredHinge', yTrue, yPred);
    const signed = convertBinaryLabelsToHinge(target);
    return tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(signed, prediction)))), -1);
  });
}

/** {@link squaredHinge} as a {@link Loss}; default name `'squared_hinge'`. */
export class SquaredHinge extends Loss {
  static override className = 'SquaredHinge';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'squared_hinge');
  }

  /** Per-sample squared hinge loss. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return squaredHinge(yTrue, yPred);
  }
}
