import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { flushSubnormals } from './flush-subnormals.js';

/** Kernel name of {@link fusedRMSpropUpdate}. */
export const KERAS_RMSPROP_UPDATE = 'KerasRMSpropUpdate';

/** Inputs of {@link fusedRMSpropUpdate}, all of the variable's shape. */
export interface RMSpropUpdateInputs {
  variable: tf.Tensor;
  velocity: tf.Tensor;
  gradient: tf.Tensor;
}

/** Attributes of {@link fusedRMSpropUpdate}. */
export interface RMSpropUpdateAttributes {
  /** Discount of the moving average of squared gradients. */
  rho: number;
  /** Added to the velocity inside the square root. */
  epsilon: number;
  /** The step's learning rate. */
  learningRate: number;
}

/**
 * One step of plain RMSprop (no momentum, not centered) for one variable, outputs
 * `[newVelocity, newVariable]`: `v' = flush(v·rho + g²·(1 − rho))`, `w' = w − g·lr / sqrt(v' + epsilon)`,
 * where `flush` stores a subnormal velocity as zero, as Keras 3 does ({@link flushSubnormals}).
 * The update is memory-bound elementwise work: one kernel instead of thirteen. Not differentiated.
 */
export const fusedRMSpropUpdate = declareFusedOp<RMSpropUpdateInputs, RMSpropUpdateAttributes, [tf.Tensor, tf.Tensor]>({
  name: KERAS_RMSPROP_UPDATE,
  reference: ({ variable, velocity, gradient }, { rho, epsilon, learningRate }) => {
    const newVelocity = flushSubnormals(tf.add(tf.mul(velocity, rho), tf.mul(tf.square(gradient), 1 - rho)));
    const step = tf.div(tf.mul(gradient, learningRate), tf.sqrt(tf.add(newVelocity, epsilon)));
    return [newVelocity, tf.sub(variable, step)];
  },
});
