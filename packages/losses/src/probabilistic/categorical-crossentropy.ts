import * as tf from '@tensorflow/tfjs-core';
import { fusedCategoricalCrossentropy } from '@keras-ts/backend-kit/fused';
import { type LabelRequirement, Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, checkLabelSmoothing, logSoftmaxAlong, normalizeAndClipProbabilities, normalizeAxis } from '../base/tensor-utils.js';

/** Options of {@link categoricalCrossentropy}. Defaults follow Keras 3. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default: `false`. */
  fromLogits?: boolean;
  /** In [0, 1]; targets become `yTrue * (1 - labelSmoothing) + labelSmoothing / numClasses`. Default: `0`. */
  labelSmoothing?: number;
  /** Class axis. Default: `-1`. */
  axis?: number;
}

/**
 * Categorical crossentropy between one-hot (or soft) targets and predicted class
 * probabilities: `-sum(yTrue * log(yPred), axis)`. Probabilities are renormalized to sum to
 * one and clipped into `[1e-7, 1 - 1e-7]`, as Keras does; logits go through a stable
 * log-softmax. Shapes: `[batch, …, classes]` → `[batch, …]`.
 */
export function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: CategoricalCrossentropyOptions = {}): tf.Tensor {
  const { fromLogits = false, labelSmoothing = 0 } = options;
  checkLabelSmoothing('categoricalCrossentropy', labelSmoothing);
  return tf.tidy(() => {
    const axis = normalizeAxis('categoricalCrossentropy', options.axis ?? -1, yPred.rank);
    let [target, prediction] = alignTargets('categoricalCrossentropy', yTrue, yPred);
    if (labelSmoothing > 0) {
      const numClasses = prediction.shape[axis] ?? 1;
      target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / numClasses);
    }
    if (!fromLogits && labelSmoothing === 0 && axis === prediction.rank - 1) {
      // The declared op: a backend may run it, and its gradient, as one kernel each.
      return fusedCategoricalCrossentropy.run({ yTrue: target, yPred: prediction }, {});
    }
    const logProbabilities = fromLogits ? logSoftmaxAlong(prediction, axis) : tf.log(normalizeAndClipProbabilities(prediction, axis));
    return tf.neg(tf.sum(tf.mul(target, logProbabilities), axis));
  });
}
categoricalCrossentropy.labels = 'categorical' as const;

/** Options of the {@link CategoricalCrossentropy} loss class. */
export interface CategoricalCrossentropyConfig extends LossOptions, CategoricalCrossentropyOptions {}

/** {@link categoricalCrossentropy} as a {@link Loss}; default name `'categorical_crossentropy'`. */
export class CategoricalCrossentropy extends Loss {
  static override className = 'CategoricalCrossentropy';
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing factor in [0, 1]. */
  readonly labelSmoothing: number;
  /** Class axis. */
  readonly axis: number;

  /** @param config loss options and crossentropy options. */
  constructor(config: CategoricalCrossentropyConfig = {}) {
    super(config, 'categorical_crossentropy');
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkLabelSmoothing(this.name, this.labelSmoothing);
  }

  /** `'categorical'`: targets are one value per class (see {@link LabelRequirement}). */
  override get labels(): LabelRequirement {
    return 'categorical';
  }

  /** Per-sample crossentropy. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return categoricalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
