import * as tf from '@tensorflow/tfjs-core';
import { requireInRange, requireNonNegative, stepScalar } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Adamax}. Defaults follow Keras 3. */
export interface AdamaxConfig extends OptimizerConfig {
  /** Decay of the first-moment estimate. Default: 0.9. */
  beta1?: number;
  /** Decay of the infinity norm. Default: 0.999. */
  beta2?: number;
  /** Added to the infinity norm. Default: 1e-7. */
  epsilon?: number;
}

/**
 * Adamax (Adam with the infinity norm) as in Keras 3. Default learning rate
 * 0.001. At step `t`: `m += (g - m) * (1 - beta1)`, `u = max(beta2 * u, |g|)`,
 * `w -= lr * m / ((1 - beta1^t) * (u + epsilon))`.
 */
export class Adamax extends Optimizer {
  static override readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(config: AdamaxConfig = {}) {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, ...base } = config;
    super(base, { name: 'adamax', learningRate: 0.001, ownKeys: ['beta1', 'beta2', 'epsilon'] });
    this.beta1 = requireInRange('Adamax', 'beta1', beta1, 0, 1);
    this.beta2 = requireInRange('Adamax', 'beta2', beta2, 0, 1);
    this.epsilon = requireNonNegative('Adamax', 'epsilon', epsilon);
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'm', initialValue: 0 },
      { name: 'u', initialValue: 0 },
    ];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const [m, u] = slots as [tf.Variable, tf.Variable];
    const biasCorrection = stepScalar(() => 1 - this.beta1 ** (this.iterations + 1));
    m.assign(tf.add(m, tf.mul(tf.sub(gradient, m), 1 - this.beta1)));
    u.assign(tf.maximum(tf.mul(u, this.beta2), tf.abs(gradient)));
    variable.assign(tf.sub(variable, tf.div(tf.mul(m, learningRate), tf.mul(tf.add(u, this.epsilon), biasCorrection))));
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
