import * as tf from '@tensorflow/tfjs-core';
import { requireInRange, ValueError } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Lion}. Defaults follow Keras 3. */
export interface LionConfig extends OptimizerConfig {
  /** Interpolation between momentum and gradient for the update direction, in (0, 1]. Default: 0.9. */
  beta1?: number;
  /** Decay of the momentum. Default: 0.99. */
  beta2?: number;
}

/**
 * Lion (Chen et al., 2023) as in Keras 3. Default learning rate 0.001.
 * `w -= lr * sign(beta1 * m + (1 - beta1) * g)`, then `m = beta2 * m + (1 - beta2) * g`.
 */
export class Lion extends Optimizer {
  static override readonly className: string = 'Lion';
  readonly beta1: number;
  readonly beta2: number;

  constructor(config: LionConfig = {}) {
    const { beta1 = 0.9, beta2 = 0.99, ...base } = config;
    super(base, { name: 'lion', learningRate: 0.001, ownKeys: ['beta1', 'beta2'] });
    this.beta1 = requireInRange('Lion', 'beta1', beta1, 0, 1);
    if (this.beta1 === 0) {
      throw new ValueError('Lion: `beta1` must be in (0, 1]; with 0 the optimizer degenerates to SignSGD. Got 0.');
    }
    this.beta2 = requireInRange('Lion', 'beta2', beta2, 0, 1);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const m = slots[0]!;
    const direction = tf.sign(tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1)));
    variable.assign(tf.sub(variable, tf.mul(direction, learningRate)));
    m.assign(tf.add(tf.mul(m, this.beta2), tf.mul(gradient, 1 - this.beta2)));
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2 };
  }
}
