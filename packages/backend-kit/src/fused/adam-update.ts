import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { flushSubnormals } from './flush-subnormals.js';

/** Kernel name of {@link fusedAdamUpdate}. */
export const KERAS_ADAM_UPDATE = 'KerasAdamUpdate';

/** Inputs of {@link fusedAdamUpdate}: the variable, its slots and gradient (one shape) and the step size. */
export interface AdamUpdateInputs {
  variable: tf.Tensor;
  /** First-moment estimate `m`. */
  momentum: tf.Tensor;
  /** Second-moment estimate `v`. */
  velocity: tf.Tensor;
  gradient: tf.Tensor;
  /**
   * The step's bias-corrected learning rate `lr·sqrt(1 − beta2^t) / (1 − beta1^t)`, a float32
   * scalar. A tensor rather than an attribute: it changes every step, and a compiled step feeds
   * it again at each replay instead of re-tracing.
   */
  alpha: tf.Scalar;
}

/** Attributes of {@link fusedAdamUpdate}: the optimizer's constants. */
export interface AdamUpdateAttributes {
  /** Decay of the first-moment estimate. */
  beta1: number;
  /** Decay of the second-moment estimate. */
  beta2: number;
  /** Added to the root of the second moment. */
  epsilon: number;
}

/**
 * One step of Adam (without AMSGrad) for one variable, outputs `[newMomentum, newVelocity, newVariable]`:
 * `m' = flush(m + (g − m)·(1 − beta1))`, `v' = flush(v + (g² − v)·(1 − beta2))`,
 * `w' = w − m'·alpha / (sqrt(v') + epsilon)`, where `flush` stores a subnormal moment as zero, as
 * Keras 3 does ({@link flushSubnormals}).
 * The update is memory-bound elementwise work: one kernel instead of twenty. Not differentiated.
 */
export const fusedAdamUpdate = declareFusedOp<AdamUpdateInputs, AdamUpdateAttributes, [tf.Tensor, tf.Tensor, tf.Tensor]>({
  name: KERAS_ADAM_UPDATE,
  reference: ({ variable, momentum, velocity, gradient, alpha }, { beta1, beta2, epsilon }) => {
    const newMomentum = flushSubnormals(tf.add(momentum, tf.mul(tf.sub(gradient, momentum), 1 - beta1)));
    const newVelocity = flushSubnormals(tf.add(velocity, tf.mul(tf.sub(tf.square(gradient), velocity), 1 - beta2)));
    const step = tf.div(tf.mul(newMomentum, alpha), tf.add(tf.sqrt(newVelocity), epsilon));
    return [newMomentum, newVelocity, tf.sub(variable, step)];
  },
});
