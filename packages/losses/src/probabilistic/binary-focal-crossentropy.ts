import * as tf from '@tensorflow/tfjs-core';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets, checkLabelSmoothing, normalizeAxis } from '../base/tensor-utils.js';
import { binaryCrossentropyElementwise } from './binary-crossentropy.js';

/** Options of {@link binaryFocalCrossentropy}. Defaults follow Keras 3. */
export interface BinaryFocalCrossentropyOptions {
  /** Whether to weight class 1 by `alpha` and class 0 by `1 - alpha`. Default: `false`. */
  applyClassBalancing?: boolean;
  /** Class-1 weight used when `applyClassBalancing` is set. Default: `0.25`. */
  alpha?: number;
  /** Focusing parameter; `0` gives plain binary crossentropy. Default: `2`. */
  gamma?: number;
  /** Whether `yPred` holds logits. Default: `false`. */
  fromLogits?: boolean;
  /** In [0, 1]; targets are squeezed towards 0.5. Default: `0`. */
  labelSmoothing?: number;
  /** Averaging axis. Default: `-1`. */
  axis?: number;
}

/**
 * Binary focal crossentropy (Lin et al., 2017): `mean((1 - p_t)^gamma * bce, axis)` with
 * `p_t = t * p + (1 - t) * (1 - p)`, optionally weighted by `alpha` for class 1 and
 * `1 - alpha` for class 0. Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function binaryFocalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: BinaryFocalCrossentropyOptions = {}): tf.Tensor {
  const { applyClassBalancing = false, alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0 } = options;
  checkLabelSmoothing('binaryFocalCrossentropy', labelSmoothing);
  return tf.tidy(() => {
    let [target, prediction] = alignTargets('binaryFocalCrossentropy', yTrue, yPred);
    const axis = normalizeAxis('binaryFocalCrossentropy', options.axis ?? -1, prediction.rank);
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), 0.5 * labelSmoothing);
    const probability = fromLogits ? tf.sigmoid(prediction) : prediction;
    const bce = binaryCrossentropyElementwise(target, probability, false);
    const pT = tf.add(tf.mul(target, probability), tf.mul(tf.sub(1, target), tf.sub(1, probability)));
    // Clipping keeps the power's gradient finite when p_t reaches exactly 1.
    const focal = tf.mul(tf.pow(tf.clipByValue(tf.sub(1, pT), 0, 1), gamma), bce);
    const weighted = applyClassBalancing ? tf.mul(tf.add(tf.mul(target, alpha), tf.mul(tf.sub(1, target), 1 - alpha)), focal) : focal;
    return tf.mean(weighted, axis);
  });
}

/** Options of the {@link BinaryFocalCrossentropy} loss class. */
export interface BinaryFocalCrossentropyConfig extends LossOptions, BinaryFocalCrossentropyOptions {}

/** {@link binaryFocalCrossentropy} as a {@link Loss}; default name `'binary_focal_crossentropy'`. */
export class BinaryFocalCrossentropy extends Loss {
  static override className = 'BinaryFocalCrossentropy';
  /** Whether class balancing applies. */
  readonly applyClassBalancing: boolean;
  /** Class-1 weight. */
  readonly alpha: number;
  /** Focusing parameter. */
  readonly gamma: number;
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing factor. */
  readonly labelSmoothing: number;
  /** Averaging axis. */
  readonly axis: number;

  /** @param config loss options and focal options. */
  constructor(config: BinaryFocalCrossentropyConfig = {}) {
    super(config, 'binary_focal_crossentropy');
    this.applyClassBalancing = config.applyClassBalancing ?? false;
    this.alpha = config.alpha ?? 0.25;
    this.gamma = config.gamma ?? 2;
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkLabelSmoothing(this.name, this.labelSmoothing);
  }

  /** Per-sample focal crossentropy. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return binaryFocalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      applyClassBalancing: this.applyClassBalancing,
      alpha: this.alpha,
      gamma: this.gamma,
      fromLogits: this.fromLogits,
      labelSmoothing: this.labelSmoothing,
      axis: this.axis,
    };
  }
}
