import * as tf from '@tensorflow/tfjs-core';
import { type LabelRequirement, Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';

/**
 * Categorical hinge loss `max(neg - pos + 1, 0)` with `pos = sum(t * p, -1)` and
 * `neg = max((1 - t) * p, -1)`, for one-hot targets. Shapes: `[batch, …, classes]` → `[batch, …]`.
 */
export function categoricalHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('categoricalHinge', yTrue, yPred);
    const positive = tf.sum(tf.mul(target, prediction), -1);
    const negative = tf.max(tf.mul(tf.sub(1, target), prediction), -1);
    return tf.relu(tf.add(tf.sub(negative, positive), 1));
  });
}
categoricalHinge.labels = 'categorical' as const;

/** {@link categoricalHinge} as a {@link Loss}; default name `'categorical_hinge'`. */
export class CategoricalHinge extends Loss {
  static override className = 'CategoricalHinge';

  /** @param config name and reduction. */
  constructor(config: LossOptions = {}) {
    super(config, 'categorical_hinge');
  }

  /** `'categorical'`: targets are one value per class (see {@link LabelRequirement}). */
  override get labels(): LabelRequirement {
    return 'categorical';
  }

  /** Per-sample categorical hinge loss. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}
