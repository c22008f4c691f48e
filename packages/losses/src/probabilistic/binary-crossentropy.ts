import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, checkLabelSmoothing, EPSILON, normalizeAxis } from '../base/tensor-utils.js';

/** Options of {@link binaryCrossentropy}. Defaults follow Keras 3. */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default: `false`. */
  fromLogits?: boolean;
  /** In [0, 1]; targets are squeezed towards 0.5: `yTrue * (1 - s) + 0.5 * s`. Default: `0`. */
  labelSmoothing?: number;
  /** Axis over which the elementwise losses are averaged. Default: `-1`. */
  axis?: number;
}

/**
 * Elementwise binary crossentropy `-(t * log(p) + (1 - t) * log(1 - p))` with labels smoothed
 * and probabilities clipped into `[1e-7, 1 - 1e-7]` (Keras); no clipping is needed from logits,
 * where the stable form `max(x, 0) - x * t + log(1 + exp(-|x|))` is used.
 */
export function binaryCrossentropyElementwise(target: tf.Tensor, prediction: tf.Tensor, fromLogits: boolean): tf.Tensor {
  return tf.tidy(() => {
    if (fromLogits) {
      return tf.add(tf.sub(tf.relu(prediction), tf.mul(prediction, target)), tf.softplus(tf.neg(tf.abs(prediction))));
    }
    const clipped = tf.clipByValue(prediction, EPSILON, 1 - EPSILON);
    const positive = tf.mul(target, tf.log(clipped));
    const negative = tf.mul(tf.sub(1, target), tf.log(tf.sub(1, clipped)));
    return tf.neg(tf.add(positive, negative));
  });
}

/**
 * Binary crossentropy averaged over `axis`: `mean(-(t * log(p) + (1 - t) * log(1 - p)), axis)`.
 * A `[batch]` target is accepted against a `[batch, 1]` prediction.
 * Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function binaryCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: BinaryCrossentropyOptions = {}): tf.Tensor {
  const { fromLogits = false, labelSmoothing = 0 } = options;
  checkLabelSmoothing('binaryCrossentropy', labelSmoothing);
  return tf.tidy(() => {
    let [target, prediction] = alignTargets('binaryCrossentropy', yTrue, yPred);
    const axis = normalizeAxis('binaryCrossentropy', options.axis ?? -1, prediction.rank);
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), 0.5 * labelSmoothing);
    return tf.mean(binaryCrossentropyElementwise(target, prediction, fromLogits), axis);
  });
}

/** Options of the {@link BinaryCrossentropy} loss class. */
export interface BinaryCrossentropyConfig extends LossOptions, BinaryCrossentropyOptions {}

/** {@link binaryCrossentropy} as a {@link Loss}; default name `'binary_crossentropy'`. */
export class BinaryCrossentropy extends Loss {
  static override className = 'BinaryCrossentropy';
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing factor in [0, 1]. */
  readonly labelSmoothing: number;
  /** Averaging axis. */
  readonly axis: number;

  /** @param config loss options and crossentropy options. */
  constructor(config: BinaryCrossentropyConfig = {}) {
    super(config, 'binary_crossentropy');
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkLabelSmoothing(this.name, this.labelSmoothing);
  }

  /** Per-sample crossentropy. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return binaryCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
