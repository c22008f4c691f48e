import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { type LabelRequirement, Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, checkLabelSmoothing, normalizeAndClipProbabilities, normalizeAxis } from '../base/tensor-utils.js';

/** Options of {@link categoricalFocalCrossentropy}. Defaults follow Keras 3. */
export interface CategoricalFocalCrossentropyOptions {
  /** Class weight: one number for every class, or one per class. Default: `0.25`. */
  alpha?: number | readonly number[];
  /** Focusing parameter; `0` gives `alpha` times categorical crossentropy. Default: `2`. */
  gamma?: number;
  /** Whether `yPred` holds logits. Default: `false`. */
  fromLogits?: boolean;
  /** In [0, 1]; smooths targets as categorical crossentropy does. Default: `0`. */
  labelSmoothing?: number;
  /** Class axis. Default: `-1`. */
  axis?: number;
}

/**
 * Categorical focal crossentropy: `sum(alpha * (1 - p)^gamma * -t * log(p), axis)` with
 * probabilities renormalized and clipped into `[1e-7, 1 - 1e-7]` (softmax first for logits).
 * Shapes: `[batch, …, classes]` → `[batch, …]`.
 */
export function categoricalFocalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: CategoricalFocalCrossentropyOptions = {}): tf.Tensor {
  const { alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0 } = options;
  checkLabelSmoothing('categoricalFocalCrossentropy', labelSmoothing);
  return tf.tidy(() => {
    const axis = normalizeAxis('categoricalFocalCrossentropy', options.axis ?? -1, yPred.rank);
    let [target, prediction] = alignTargets('categoricalFocalCrossentropy', yTrue, yPred);
    const numClasses = prediction.shape[axis] ?? 1;
    if (typeof alpha !== 'number' && alpha.length !== numClasses) {
      throw new ValueError(`categoricalFocalCrossentropy: alpha must be a number or hold one weight per class (${numClasses}), got ${alpha.length} weights.`);
    }
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / numClasses);
    if (fromLogits) prediction = tf.softmax(prediction, axis);
    const output = normalizeAndClipProbabilities(prediction, axis);
    const crossentropy = tf.neg(tf.mul(target, tf.log(output)));
    const alphaTensor =
      typeof alpha === 'number'
        ? tf.scalar(alpha)
        : tf.reshape(
            tf.tensor1d([...alpha]),
            prediction.shape.map((size, index) => (index === axis ? size : 1)),
          );
    const weight = tf.mul(tf.pow(tf.sub(1, output), gamma), alphaTensor);
    return tf.sum(tf.mul(weight, crossentropy), axis);
  });
}
categoricalFocalCrossentropy.labels = 'categorical' as const;

/** Options of the {@link CategoricalFocalCrossentropy} loss class. */
export interface CategoricalFocalCrossentropyConfig extends LossOptions, CategoricalFocalCrossentropyOptions {}

/** {@link categoricalFocalCrossentropy} as a {@link Loss}; default name `'categorical_focal_crossentropy'`. */
export class CategoricalFocalCrossentropy extends Loss {
  static override className = 'CategoricalFocalCrossentropy';
  /** Class weight(s). */
  readonly alpha: number | readonly number[];
  /** Focusing parameter. */
  readonly gamma: number;
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing factor. */
  readonly labelSmoothing: number;
  /** Class axis. */
  readonly axis: number;

  /** @param config loss options and focal options. */
  constructor(config: CategoricalFocalCrossentropyConfig = {}) {
    super(config, 'categorical_focal_crossentropy');
    this.alpha = config.alpha ?? 0.25;
    this.gamma = config.gamma ?? 2;
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkLabelSmoothing(this.name, this.labelSmoothing);
  }

  /** `'categorical'`: targets are one value per class (see {@link LabelRequirement}). */
  override get labels(): LabelRequirement {
    return 'categorical';
  }

  /** Per-sample focal crossentropy. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return categoricalFocalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      alpha: typeof this.alpha === 'number' ? this.alpha : [...this.alpha],
      gamma: this.gamma,
      fromLogits: this.fromLogits,
      labelSmoothing: this.labelSmoothing,
      axis: this.axis,
    };
  }
}
