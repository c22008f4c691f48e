import * as tf from '@tensorflow/tfjs-core';
import { fusedAdamUpdate } from '@keras-ts/backend-kit/fused';
import { requireBoolean, requireInRange, requireNonNegative, stepScalar } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Adam}. Defaults follow Keras 3. */
export interface AdamConfig extends OptimizerConfig {
  /** Decay of the first-moment estimate. Default: 0.9. */
  beta1?: number;
  /** Decay of the second-moment estimate. Default: 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default: 1e-7. */
  epsilon?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default: false. */
  amsgrad?: boolean;
}

/** The option names {@link Adam} adds (shared with AdamW). */
export const adamKeys: readonly string[] = ['beta1', 'beta2', 'epsilon', 'amsgrad'];

/**
 * Adam as in Keras 3. Default learning rate 0.001. At step `t` (from 1):
 * `m += (g - m) * (1 - beta1)`, `v += (g² - v) * (1 - beta2)`,
 * `w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v̂) + epsilon)`,
 * where `v̂` is `v`, or its running maximum with `amsgrad`.
 */
export class Adam extends Optimizer {
  static override readonly className: string = 'Adam';
  /** Keras's default name; AdamW overrides it. */
  protected static readonly defaultName: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(config: AdamConfig = {}) {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false, ...base } = config;
    super(base, { name: (new.target as typeof Adam).defaultName, learningRate: 0.001, ownKeys: adamKeys });
    const owner = this.getClassName();
    this.beta1 = requireInRange(owner, 'beta1', beta1, 0, 1);
    this.beta2 = requireInRange(owner, 'beta2', beta2, 0, 1);
    this.epsilon = requireNonNegative(owner, 'epsilon', epsilon);
    this.amsgrad = requireBoolean(owner, 'amsgrad', amsgrad);
  }

  protected slotSpecs(): SlotSpec[] {
    const specs = [
      { name: 'momentum', initialValue: 0 },
      { name: 'velocity', initialValue: 0 },
    ];
    if (this.amsgrad) specs.push({ name: 'velocity_hat', initialValue: 0 });
    return specs;
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const [momentum, velocity, velocityHat] = slots as [tf.Variable, tf.Variable, tf.Variable | undefined];
    // Made again at every replay of a compiled step, from the step count and rate of that step.
    const alpha = stepScalar(() => {
      const step = this.iterations + 1;
      return (this.currentLearningRate * Math.sqrt(1 - this.beta2 ** step)) / (1 - this.beta1 ** step);
    });
    if (velocityHat === undefined) {
      // The declared update: a backend may run it as one kernel instead of twelve per variable.
      // alpha is an input, not an attribute, so a compiled step feeds it again at every replay.
      const [newMomentum, newVelocity, newVariable] = fusedAdamUpdate.run(
        { variable, momentum, velocity, gradient, alpha },
        { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
      );
      momentum.assign(newMomentum);
      velocity.assign(newVelocity);
      variable.assign(newVariable);
      return;
    }
    momentum.assign(tf.add(momentum, tf.mul(tf.sub(gradient, momentum), 1 - this.beta1)));
    velocity.assign(tf.add(velocity, tf.mul(tf.sub(tf.square(gradient), velocity), 1 - this.beta2)));
    // AMSGrad divides by the running maximum of the second moment: kept as the op chain.
    velocityHat.assign(tf.maximum(velocityHat, velocity));
    variable.assign(tf.sub(variable, tf.div(tf.mul(momentum, alpha), tf.add(tf.sqrt(velocityHat), this.epsilon))));
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
