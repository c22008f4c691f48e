import * as tf from '@tensorflow/tfjs-core';

/**
 * A running mean kept on the backend (two variables), weighted by batch size as Keras weights
 * its `loss` log, so epoch values are exact means over samples.
 */
export class MeanTracker {
  // tf.variable copies its initial value; the tidy frees the scalar it was made from.
  private readonly total = tf.tidy(() => tf.variable(tf.scalar(0), false));
  private readonly count = tf.tidy(() => tf.variable(tf.scalar(0), false));

  constructor(readonly name: string) {}

  /** Adds `value` (a scalar) with weight `weight`. Call inside tf.tidy. */
  update(value: tf.Tensor, weight: number): void {
    this.total.assign(tf.add(this.total, tf.mul(tf.cast(value, 'float32'), weight)));
    this.count.assign(tf.add(this.count, weight));
  }

  /** The mean so far, as a new scalar tensor. */
  result(): tf.Scalar {
    return tf.tidy(() => tf.divNoNan(this.total, this.count) as tf.Scalar);
  }

  /** Clears the running mean. */
  reset(): void {
    tf.tidy(() => {
      this.total.assign(tf.scalar(0));
      this.count.assign(tf.scalar(0));
    });
  }

  /** Frees the variables. */
  dispose(): void {
    this.total.dispose();
    this.count.dispose();
  }
}
