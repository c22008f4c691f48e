import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';
import { convertBinaryLabelsToHinge } from './hinge-labels.js';

/**
 * Hinge loss `mean(max(1 - t * p, 0), -1)` for labels in {-1, 1}; 0/1 labels are converted to
 * -1/1 first. Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function hinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('hinge', yTrue, yPred);
    const signed = convertBinaryLabelsToHinge(target);
    return tf.mean(tf.relu(tf.sub(1, tf.mul(signed, prediction))), -1);
  });
}

/** {@link hinge} as a {@link Loss}; default name `'hinge'`. */
export class Hinge extends Loss {
  static override className = 'Hinge';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'hinge');
  }

  /** Per-sample hinge loss. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return hinge(yTrue, yPred);
  }
}
