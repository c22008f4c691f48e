import * as tf from '@tensorflow/tfjs-core';
import { fusedRMSpropUpdate } from '@keras-ts/backend-kit/fused';
import { requireBoolean, requireInRange, requireNonNegative, stepInvariant } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link RMSprop}. Defaults follow Keras 3. */
export interface RMSpropConfig extends OptimizerConfig {
  /** Discount of the moving average of squared gradients. Default: 0.9. */
  rho?: number;
  /** Momentum applied to the scaled step; 0 disables it. Default: 0. */
  momentum?: number;
  /** Added to the mean square inside the square root. Default: 1e-7. */
  epsilon?: number;
  /** Normalise by the estimated variance instead of the uncentered second moment. Default: false. */
  centered?: boolean;
}

/**
 * RMSprop as in Keras 3. Default learning rate 0.001.
 *
 * `v = rho * v + (1 - rho) * g²`; centered also keeps `a = rho * a + (1 - rho) * g`
 * and uses `v - a²`; the step is `lr * g / sqrt(v (- a²) + epsilon)` (epsilon
 * inside the root), applied directly or through momentum `m = momentum * m + step`.
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(config: RMSpropConfig = {}) {
    const { rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false, ...base } = config;
    super(base, { name: 'rmsprop', learningRate: 0.001, ownKeys: ['rho', 'momentum', 'epsilon', 'centered'] });
    this.rho = requireInRange('RMSprop', 'rho', rho, 0, 1);
    this.momentum = requireInRange('RMSprop', 'momentum', momentum, 0, 1);
    this.epsilon = requireNonNegative('RMSprop', 'epsilon', epsilon);
    this.centered = requireBoolean('RMSprop', 'centered', centered);
  }

  protected slotSpecs(): SlotSpec[] {
    const specs = [{ name: 'velocity', initialValue: 0 }];
    if (this.momentum > 0) specs.push({ name: 'momentum', initialValue: 0 });
    if (this.centered) specs.push({ name: 'average_gradient', initialValue: 0 });
    return specs;
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const [velocity, ...rest] = slots;
    const momentum = this.momentum > 0 ? rest.shift() : undefined;
    const averageGradient = this.centered ? rest.shift() : undefined;
    if (momentum === undefined && averageGradient === undefined) {
      // The declared plain update: a backend may run it as one kernel instead of nine per variable.
      const [newVelocity, newVariable] = fusedRMSpropUpdate.run(
        { variable, velocity: velocity!, gradient },
        // An attribute: a compiled step re-traces itself when the rate changes.
        { rho: this.rho, epsilon: this.epsilon, learningRate: stepInvariant(() => this.currentLearningRate) },
      );
      velocity!.assign(newVelocity);
      variable.assign(newVariable);
      return;
    }
    velocity!.assign(tf.add(tf.mul(velocity!, this.rho), tf.mul(tf.square(gradient), 1 - this.rho)));
    let denominator: tf.Tensor;
    if (averageGradient !== undefined) {
      averageGradient.assign(tf.add(tf.mul(averageGradient, this.rho), tf.mul(gradient, 1 - this.rho)));
      denominator = tf.add(tf.sub(velocity!, tf.square(averageGradient)), this.epsilon);
    } else {
      denominator = tf.add(velocity!, this.epsilon);
    }
    const increment = tf.div(tf.mul(gradient, this.learningRateScalar()), tf.sqrt(denominator));
    if (momentum !== undefined) {
      momentum.assign(tf.add(tf.mul(momentum, this.momentum), increment));
      variable.assign(tf.sub(variable, momentum));
    } else {
      variable.assign(tf.sub(variable, increment));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
