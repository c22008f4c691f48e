import * as tf from '@tensorflow/tfjs-core';
import { requireInRange, requireNonNegative } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Adadelta}. Defaults follow Keras 3. */
export interface AdadeltaConfig extends OptimizerConfig {
  /** Decay of the running averages. Default: 0.95. */
  rho?: number;
  /** Added inside both square roots. Default: 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta as in Keras 3 (learning rate 0.001 scales the Adadelta step).
 * `Eg = rho * Eg + (1 - rho) * g²`,
 * `delta = -sqrt(Edx + epsilon) * g / sqrt(Eg + epsilon)`,
 * `Edx = rho * Edx + (1 - rho) * delta²`, `w += lr * delta`.
 */
export class Adadelta extends Optimizer {
  static override readonly className: string = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(config: AdadeltaConfig = {}) {
    const { rho = 0.95, epsilon = 1e-7, ...base } = config;
    super(base, { name: 'adadelta', learningRate: 0.001, ownKeys: ['rho', 'epsilon'] });
    this.rho = requireInRange('Adadelta', 'rho', rho, 0, 1);
    this.epsilon = requireNonNegative('Adadelta', 'epsilon', epsilon);
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'accumulated_grad', initialValue: 0 },
      { name: 'accumulated_delta_var', initialValue: 0 },
    ];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const [accumulatedGradient, accumulatedDelta] = slots as [tf.Variable, tf.Variable];
    const rms = (x: tf.Tensor) => tf.sqrt(tf.add(x, this.epsilon));
    accumulatedGradient.assign(tf.add(tf.mul(accumulatedGradient, this.rho), tf.mul(tf.square(gradient), 1 - this.rho)));
    const delta = tf.neg(tf.div(tf.mul(rms(accumulatedDelta), gradient), rms(accumulatedGradient)));
    accumulatedDelta.assign(tf.add(tf.mul(accumulatedDelta, this.rho), tf.mul(tf.square(delta), 1 - this.rho)));
    variable.assign(tf.add(variable, tf.mul(delta, learningRate)));
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
