import * as tf from '@tensorflow/tfjs-core';
import { stepEffect } from '@keras-ts/common';

/**
 * A running mean, weighted by batch size as Keras weights its `loss` log, so epoch values are
 * exact means over samples. The weighted sum stays on the backend (a variable); the count is a
 * host number, since batch sizes are known on the host, which spares kernels every step.
 */
export class MeanTracker {
  // tf.variable copies its initial value; the tidy frees the scalar it was made from.
  private readonly total = tf.tidy(() => tf.variable(tf.scalar(0), false));
  private count = 0;

  constructor(readonly name: string) {}

  /** Adds `value` (a scalar) with weight `weight`. Call inside tf.tidy. */
  update(value: tf.Tensor, weight: number): void {
    this.total.assign(tf.add(this.total, tf.mul(value.dtype === 'float32' ? value : tf.cast(value, 'float32'), weight)));
    // A compiled step replays this count with its kernels.
    stepEffect(() => {
      this.count += weight;
    });
  }

  /** The mean so far, as a new scalar tensor. */
  result(): tf.Scalar {
    // divNoNan's value without its four kernels: zero before any update, else total / count.
    return tf.tidy(() => (this.count === 0 ? tf.zerosLike(this.total) : tf.div(this.total, this.count)) as tf.Scalar);
  }

  /** The backend variable holding the weighted sum (a data-parallel step sums it across ranks). */
  get totalVariable(): tf.Variable {
    return this.total;
  }

  /** Adds `weight` to the count alone: the other ranks' samples, once a data-parallel step summed their totals in. */
  addCount(weight: number): void {
    this.count += weight;
  }

  /** Clears the running mean. */
  reset(): void {
    tf.tidy(() => this.total.assign(tf.scalar(0)));
    this.count = 0;
  }

  /** Frees the variable. */
  dispose(): void {
    this.total.dispose();
  }
}
