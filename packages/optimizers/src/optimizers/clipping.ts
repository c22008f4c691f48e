import * as tf from '@tensorflow/tfjs-core';

/**
 * Scales `gradient` so its L2 norm is at most `clipnorm`:
 * `gradient * clipnorm / max(norm, clipnorm)` (Keras's `clipnorm`).
 */
export function clipByNorm(gradient: tf.Tensor, clipnorm: number): tf.Tensor {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(tf.square(gradient)));
    return tf.div(tf.mul(gradient, clipnorm), tf.maximum(norm, clipnorm));
  });
}

/**
 * Scales all gradients by one factor so their global L2 norm (the norm of all
 * elements together) is at most `clipnorm` (Keras's `global_clipnorm`). A
 * non-finite global norm makes every gradient NaN, as in Keras, rather than
 * silently zeroing the step.
 */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], clipnorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const squares = gradients.map((gradient) => tf.sum(tf.square(gradient)));
    const norm = tf.sqrt(tf.addN(squares));
    // `norm - norm` is 0 for finite norms and NaN for Inf/NaN norms.
    const scale = tf.add(tf.div(clipnorm, tf.maximum(norm, clipnorm)), tf.sub(norm, norm));
    return gradients.map((gradient) => tf.mul(gradient, scale));
  });
}

/** Clips each gradient element to `[-clipvalue, clipvalue]` (Keras's `clipvalue`). */
export function clipByValue(gradient: tf.Tensor, clipvalue: number): tf.Tensor {
  return tf.clipByValue(gradient, -clipvalue, clipvalue);
}
