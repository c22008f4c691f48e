import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { Loss, type LossOptions } from '../base/loss.js';
import { alignTargets } from '../base/tensor-utils.js';

/** Options of {@link huber}. */
export interface HuberOptions {
  /** Where the loss changes from quadratic to linear. Default: `1`. */
  delta?: number;
}

/**
 * Huber loss: `mean(0.5 * e^2 if |e| <= delta else delta * |e| - 0.5 * delta^2, -1)` with
 * `e = yPred - yTrue`. Shapes: `[batch, …, d]` → `[batch, …]`.
 */
export function huber(yTrue: tf.Tensor, yPred: tf.Tensor, options: HuberOptions = {}): tf.Tensor {
  const { delta = 1 } = options;
  if (!(delta > 0)) throw new ValueError(`huber: delta must be a positive number, got ${delta}.`);
  return tf.tidy(() => {
    const [target, prediction] = alignTargets('huber', yTrue, yPred);
    const absoluteError = tf.abs(tf.sub(prediction, target));
    // With q = min(|e|, delta), 0.5 q^2 + delta (|e| - q) equals both branches of the
    // definition, and unlike a where() on a comparison it is differentiable in tfjs.
    const quadraticPart = tf.minimum(absoluteError, delta);
    const linearPart = tf.sub(absoluteError, quadraticPart);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadraticPart)), tf.mul(delta, linearPart)), -1);
  });
}

/** Options of the {@link Huber} loss class. */
export interface HuberConfig extends LossOptions, HuberOptions {}

/** {@link huber} as a {@link Loss}; default name `'huber_loss'` (Keras's). */
export class Huber extends Loss {
  static override className = 'Huber';
  /** Quadratic-to-linear switch point. */
  readonly delta: number;

  /** @param config loss options and `delta`. */
  constructor(config: HuberConfig = {}) {
    super(config, 'huber_loss');
    this.delta = config.delta ?? 1;
  }

  /** Per-sample Huber loss. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return huber(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}
