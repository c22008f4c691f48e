import * as tf from '@tensorflow/tfjs-core';
import { fusedSGDMomentumUpdate } from '@keras-ts/backend-kit/fused';
import { requireBoolean, requireInRange } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link SGD}. Defaults follow Keras 3. */
export interface SGDConfig extends OptimizerConfig {
  /** Momentum in [0, 1]; 0 is plain gradient descent. Default: 0. */
  momentum?: number;
  /** Use Nesterov momentum. Default: false. */
  nesterov?: boolean;
}

/**
 * Gradient descent with optional (Nesterov) momentum. Default learning rate 0.01.
 *
 * Without momentum: `w -= lr * g`. With momentum `m`:
 * `v = m * v - lr * g`, then `w += v`, or `w += m * v - lr * g` with Nesterov.
 */
export class SGD extends Optimizer {
  static override readonly className: string = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(config: SGDConfig = {}) {
    const { momentum = 0, nesterov = false, ...base } = config;
    super(base, { name: 'SGD', learningRate: 0.01, ownKeys: ['momentum', 'nesterov'] });
    this.momentum = requireInRange('SGD', 'momentum', momentum, 0, 1);
    this.nesterov = requireBoolean('SGD', 'nesterov', nesterov);
  }

  protected slotSpecs(): SlotSpec[] {
    return this.momentum !== 0 ? [{ name: 'momentum', initialValue: 0 }] : [];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const velocity = slots[0];
    if (velocity === undefined) {
      variable.assign(tf.sub(variable, tf.mul(gradient, learningRate)));
      return;
    }
    // The declared update: a backend may run it as one kernel instead of four (six with Nesterov).
    // The rate is an input made by stepScalar, so a compiled step feeds each step's rate.
    const [newVelocity, newVariable] = fusedSGDMomentumUpdate.run(
      { variable, velocity, gradient, learningRate },
      { momentum: this.momentum, nesterov: this.nesterov },
    );
    velocity.assign(newVelocity);
    variable.assign(newVariable);
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}
