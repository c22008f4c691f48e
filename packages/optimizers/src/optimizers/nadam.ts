import * as tf from '@tensorflow/tfjs-core';
import { requireInRange, requireNonNegative, stepScalar } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Nadam}. Defaults follow Keras 3. */
export interface NadamConfig extends OptimizerConfig {
  /** Decay of the first-moment estimate. Default: 0.9. */
  beta1?: number;
  /** Decay of the second-moment estimate. Default: 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default: 1e-7. */
  epsilon?: number;
}

/**
 * Nadam (Adam with Nesterov momentum, Dozat 2015) as in Keras 3. Default
 * learning rate 0.001. With the momentum schedule `u_t = beta1 * (1 - 0.5 * 0.96^t)`
 * and `P_t = u_1 * … * u_t`, at step `t`:
 * `m += (g - m) * (1 - beta1)`, `v += (g² - v) * (1 - beta2)`,
 * `m̂ = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)`,
 * `w -= lr * m̂ / (sqrt(v / (1 - beta2^t)) + epsilon)`.
 *
 * `P_t` depends only on the step, so it is computed on the host (Keras keeps
 * it in a variable); restoring `iterations` restores it.
 */
export class Nadam extends Optimizer {
  static override readonly className: string = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private cachedProduct = { step: 0, value: 1 };

  constructor(config: NadamConfig = {}) {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, ...base } = config;
    super(base, { name: 'nadam', learningRate: 0.001, ownKeys: ['beta1', 'beta2', 'epsilon'] });
    this.beta1 = requireInRange('Nadam', 'beta1', beta1, 0, 1);
    this.beta2 = requireInRange('Nadam', 'beta2', beta2, 0, 1);
    this.epsilon = requireNonNegative('Nadam', 'epsilon', epsilon);
  }

  private momentumSchedule(step: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** step);
  }

  /** `u_1 * … * u_step`, extended from the last value asked for when possible. */
  private momentumProduct(step: number): number {
    let { step: known, value } = this.cachedProduct;
    if (known > step) {
      known = 0;
      value = 1;
    }
    while (known < step) {
      known += 1;
      value *= this.momentumSchedule(known);
    }
    this.cachedProduct = { step: known, value };
    return value;
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'momentum', initialValue: 0 },
      { name: 'velocity', initialValue: 0 },
    ];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const learningRate = this.learningRateScalar();
    // The step-dependent factors, made again at every replay of a compiled step.
    const factor = (of: (step: number, current: number, next: number, product: number) => number) =>
      stepScalar(() => {
        const step = this.iterations + 1;
        return of(step, this.momentumSchedule(step), this.momentumSchedule(step + 1), this.momentumProduct(step));
      });
    m.assign(tf.add(m, tf.mul(tf.sub(gradient, m), 1 - this.beta1)));
    v.assign(tf.add(v, tf.mul(tf.sub(tf.square(gradient), v), 1 - this.beta2)));
    const mHat = tf.add(
      tf.mul(
        m,
        factor((_, __, next, product) => next / (1 - product * next)),
      ),
      tf.mul(
        gradient,
        factor((_, current, __, product) => (1 - current) / (1 - product)),
      ),
    );
    const vHat = tf.div(
      v,
      factor((step) => 1 - this.beta2 ** step),
    );
    variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, learningRate), tf.add(tf.sqrt(vHat), this.epsilon))));
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
