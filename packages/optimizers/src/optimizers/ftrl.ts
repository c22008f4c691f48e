import * as tf from '@tensorflow/tfjs-core';
import { requireNonNegative, requireNumber, stepScalar, ValueError } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Ftrl}. Defaults follow Keras 3. */
export interface FtrlConfig extends OptimizerConfig {
  /** How the per-coordinate rate falls with the accumulator; <= 0 (0 for a fixed rate). Default: -0.5. */
  learningRatePower?: number;
  /** Starting value of the accumulators, >= 0. Default: 0.1. */
  initialAccumulatorValue?: number;
  /** L1 strength, >= 0. Default: 0. */
  l1RegularizationStrength?: number;
  /** Online L2 strength, >= 0. Default: 0. */
  l2RegularizationStrength?: number;
  /** Shrinkage-type L2 (added to the loss), >= 0. Default: 0. */
  l2ShrinkageRegularizationStrength?: number;
  /** Beta of the FTRL-Proximal paper; adds `beta / (2 * lr)` to the L2 strength. Default: 0. */
  beta?: number;
}

const ftrlKeys = [
  'learningRatePower',
  'initialAccumulatorValue',
  'l1RegularizationStrength',
  'l2RegularizationStrength',
  'l2ShrinkageRegularizationStrength',
  'beta',
];

/**
 * FTRL-Proximal (McMahan et al., 2013) as in Keras 3. Default learning rate
 * 0.001. With `p = -learningRatePower`:
 * `n' = n + g²`, `z += g + 2 * l2Shrinkage * w - (n'^p - n^p) / lr * w`,
 * `w = (clip(z, -l1, l1) - z) / (n'^p / lr + 2 * (l2 + beta / (2 * lr)))`, `n = n'`.
 */
export class Ftrl extends Optimizer {
  static override readonly className: string = 'Ftrl';
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;

  constructor(config: FtrlConfig = {}) {
    const {
      learningRatePower = -0.5,
      initialAccumulatorValue = 0.1,
      l1RegularizationStrength = 0,
      l2RegularizationStrength = 0,
      l2ShrinkageRegularizationStrength = 0,
      beta = 0,
      ...base
    } = config;
    super(base, { name: 'ftrl', learningRate: 0.001, ownKeys: ftrlKeys });
    this.learningRatePower = requireNumber('Ftrl', 'learningRatePower', learningRatePower);
    if (this.learningRatePower > 0) {
      throw new ValueError(`Ftrl: \`learningRatePower\` must be <= 0, got ${this.learningRatePower}.`);
    }
    this.initialAccumulatorValue = requireNonNegative('Ftrl', 'initialAccumulatorValue', initialAccumulatorValue);
    this.l1RegularizationStrength = requireNonNegative('Ftrl', 'l1RegularizationStrength', l1RegularizationStrength);
    this.l2RegularizationStrength = requireNonNegative('Ftrl', 'l2RegularizationStrength', l2RegularizationStrength);
    this.l2ShrinkageRegularizationStrength = requireNonNegative('Ftrl', 'l2ShrinkageRegularizationStrength', l2ShrinkageRegularizationStrength);
    this.beta = requireNumber('Ftrl', 'beta', beta);
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'accumulator', initialValue: this.initialAccumulatorValue },
      { name: 'linear', initialValue: 0 },
    ];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const [accumulator, linear] = slots as [tf.Variable, tf.Variable];
    const power = -this.learningRatePower;
    const l1 = this.l1RegularizationStrength;
    const gradientWithShrinkage = tf.add(gradient, tf.mul(variable, 2 * this.l2ShrinkageRegularizationStrength));
    const newAccumulator = tf.add(accumulator, tf.square(gradient));
    const sigma = tf.div(tf.sub(tf.pow(newAccumulator, power), tf.pow(accumulator, power)), learningRate);
    linear.assign(tf.add(linear, tf.sub(gradientWithShrinkage, tf.mul(sigma, variable))));
    const twiceL2 = stepScalar(() => 2 * (this.l2RegularizationStrength + this.beta / (2 * this.currentLearningRate)));
    const quadratic = tf.add(tf.div(tf.pow(newAccumulator, power), learningRate), twiceL2);
    variable.assign(tf.div(tf.sub(tf.clipByValue(linear, -l1, l1), linear), quadratic));
    accumulator.assign(newAccumulator);
  }

  protected ownConfig(): Record<string, unknown> {
    return {
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
