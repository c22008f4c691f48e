import * as tf from '@tensorflow/tfjs-core';
import { requireNonNegative } from '@keras-ts/common';
import { Optimizer, type SlotSpec } from './base.js';
import type { OptimizerConfig } from './options.js';

/** Options for {@link Adagrad}. Defaults follow Keras 3. */
export interface AdagradConfig extends OptimizerConfig {
  /** Starting value of the squared-gradient accumulators. Default: 0.1. */
  initialAccumulatorValue?: number;
  /** Added to the accumulator inside the square root. Default: 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad as in Keras 3. Default learning rate 0.001.
 * `acc += g²`, `w -= lr * g / sqrt(acc + epsilon)`.
 */
export class Adagrad extends Optimizer {
  static override readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(config: AdagradConfig = {}) {
    const { initialAccumulatorValue = 0.1, epsilon = 1e-7, ...base } = config;
    super(base, { name: 'adagrad', learningRate: 0.001, ownKeys: ['initialAccumulatorValue', 'epsilon'] });
    this.initialAccumulatorValue = requireNonNegative('Adagrad', 'initialAccumulatorValue', initialAccumulatorValue);
    this.epsilon = requireNonNegative('Adagrad', 'epsilon', epsilon);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', initialValue: this.initialAccumulatorValue }];
  }

  protected updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], _learningRate: number): void {
    const learningRate = this.learningRateScalar();
    const accumulator = slots[0]!;
    accumulator.assign(tf.add(accumulator, tf.square(gradient)));
    variable.assign(tf.sub(variable, tf.div(tf.mul(gradient, learningRate), tf.sqrt(tf.add(accumulator, this.epsilon)))));
  }

  protected ownConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
