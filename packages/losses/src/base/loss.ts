import * as tf from '@tensorflow/tfjs-core';
import { checkReduction, type Reduction, reduceWeightedValues } from './reduction.js';

/**
 * The targets a loss expects, so training can check them before the first step:
 *
 * - `'sparse'`: one integer class id per sample, shape `[batch, …]` or `[batch, …, 1]`, each in
 *   `[0, classes)` (sparse categorical crossentropy);
 * - `'categorical'`: one value per class, shaped like the predictions (one-hot or soft labels,
 *   as categorical crossentropy takes);
 * - `'any'`: targets shaped like the predictions, with no further meaning (regression losses,
 *   binary crossentropy, user functions).
 */
export type LabelRequirement = 'sparse' | 'categorical' | 'any';

/**
 * A per-sample loss: reduces the last axis (Keras convention) and returns a tensor shaped like
 * `yPred` without its last axis. A function may declare the targets it expects in `labels`
 * (see {@link LabelRequirement}); without it they are `'any'`.
 */
export interface LossFunction {
  (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;
  /** The targets the function expects. Default: `'any'`. */
  labels?: LabelRequirement;
}

/** Options shared by every {@link Loss} class. */
export interface LossOptions {
  /** Name of the loss instance. Default: the Keras snake_case name of the class. */
  name?: string;
  /** How per-sample values are reduced by {@link Loss.compute}. Default: `'sum_over_batch_size'`. */
  reduction?: Reduction;
}

/**
 * Base class of every loss, like Keras 3's `keras.losses.Loss`: {@link Loss.call} returns
 * unreduced per-sample values; {@link Loss.compute} weights and reduces them.
 */
export abstract class Loss {
  /** Keras class name, used by configs and the {@link getLoss} registry. */
  static className = 'Loss';
  /** Name of this loss instance. */
  readonly name: string;
  /** Reduction applied by {@link Loss.compute}. */
  readonly reduction: Reduction;

  /**
   * @param options name and reduction.
   * @param defaultName name used when `options.name` is absent.
   */
  protected constructor(options: LossOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
    this.reduction = checkReduction(this.name, options.reduction ?? 'sum_over_batch_size');
  }

  /** The targets this loss expects (see {@link LabelRequirement}); training checks them before the first step. */
  get labels(): LabelRequirement {
    return 'any';
  }

  /** Unreduced per-sample loss values. */
  abstract call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;

  /**
   * Keras's `__call__`: {@link Loss.call}, multiplied by `sampleWeight` (a `[batch]` weight
   * broadcasts against `[batch]` or `[batch, T]` values), then reduced. Returns a scalar, or the
   * weighted per-sample values for `'none'`.
   */
  compute(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => reduceWeightedValues(this.name, this.call(yTrue, yPred), this.reduction, sampleWeight));
  }

  /** Serializable camelCase config; with the class's static `className` it recreates the loss through {@link getLoss}. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction };
  }
}
