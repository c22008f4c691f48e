import type * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { type LabelRequirement, Loss, type LossFunction, type LossOptions } from './loss.js';

/** Wraps a plain `(yTrue, yPred) => Tensor` function as a {@link Loss}, like Keras's `LossFunctionWrapper`. */
export class LossFunctionWrapper extends Loss {
  static override className = 'LossFunctionWrapper';
  /** The wrapped per-sample function. */
  readonly fn: LossFunction;

  /**
   * @param fn per-sample loss function.
   * @param options name (default: the function's name) and reduction.
   */
  constructor(fn: LossFunction, options: LossOptions = {}) {
    if (typeof fn !== 'function') {
      throw new ValueError(`LossFunctionWrapper expects a function (yTrue, yPred) => Tensor, got ${typeof fn}.`);
    }
    super(options, fn.name !== '' ? fn.name : 'loss_function_wrapper');
    this.fn = fn;
  }

  /** What the wrapped function declares in its `labels` property; `'any'` when it declares nothing. */
  override get labels(): LabelRequirement {
    return this.fn.labels ?? 'any';
  }

  /** Calls the wrapped function. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return this.fn(yTrue, yPred);
  }
}
