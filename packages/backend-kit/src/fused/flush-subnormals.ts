import * as tf from '@tensorflow/tfjs-core';

/** The smallest positive normal float32, 2^-126: below it in magnitude a float32 is subnormal (or zero). */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * `x` with every subnormal element (magnitude below 2^-126, not zero) replaced by a zero of its
 * sign; zeros, normal numbers, infinities and NaN pass through. The fused optimizer updates store
 * their slots (velocities, moments) through it, as Keras 3 does: its JAX and TensorFlow backends
 * run with the processor flushing subnormal results to zero, so a slot that decays geometrically
 * (a weight whose gradient stays 0, a dead ReLU unit's) reaches 0 there and stays a subnormal
 * here. Subnormals also cost 30–40× per multiply, divide or square root on Intel cores (a
 * microcode assist), where most of the seed-004 MLP's velocities end up after a few hundred
 * steps. No weight changes: with `epsilon` ≥ 1e-30 a subnormal slot adds less than half an ulp
 * to the denominator it feeds.
 */
export function flushSubnormals(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(tf.less(tf.abs(x), FLOAT32_MIN_NORMAL), tf.mul(x, 0), x));
}

/** {@link flushSubnormals} for one float32 value (in a JavaScript number), as the kernels' scalar tails compute it. */
export function flushSubnormal(value: number): number {
  return Math.abs(value) < FLOAT32_MIN_NORMAL ? value * 0 : value;
}
