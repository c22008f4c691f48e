import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { flushSubnormals } from './flush-subnormals.js';

/** Kernel name of {@link fusedSGDMomentumUpdate}. */
export const KERAS_SGD_MOMENTUM_UPDATE = 'KerasSGDMomentumUpdate';

/** Inputs of {@link fusedSGDMomentumUpdate}: the variable, its velocity and gradient (one shape) and the rate. */
export interface SGDMomentumUpdateInputs {
  variable: tf.Tensor;
  velocity: tf.Tensor;
  gradient: tf.Tensor;
  /**
   * The step's learning rate, a float32 scalar: an input rather than an attribute, so a compiled
   * step feeds a schedule's next rate at each replay instead of re-tracing.
   */
  learningRate: tf.Scalar;
}

/** Attributes of {@link fusedSGDMomentumUpdate}. */
export interface SGDMomentumUpdateAttributes {
  /** Decay of the velocity. */
  momentum: number;
  /** Nesterov momentum: step along `v'·momentum − g·lr` instead of `v'`. */
  nesterov: boolean;
}

/**
 * One step of SGD with momentum for one variable, outputs `[newVelocity, newVariable]`:
 * `v' = flush(v·momentum − g·lr)`, `w' = w + v'` (Nesterov: `w' = w + (v'·momentum − g·lr)`), where
 * `flush` stores a subnormal velocity as zero, as Keras 3 does ({@link flushSubnormals}).
 * One kernel instead of eight (ten with Nesterov). Not differentiated.
 */
export const fusedSGDMomentumUpdate = declareFusedOp<SGDMomentumUpdateInputs, SGDMomentumUpdateAttributes, [tf.Tensor, tf.Tensor]>({
  name: KERAS_SGD_MOMENTUM_UPDATE,
  reference: ({ variable, velocity, gradient, learningRate }, { momentum, nesterov }) => {
    const scaledGradient = tf.mul(gradient, learningRate);
    const newVelocity = flushSubnormals(tf.sub(tf.mul(velocity, momentum), scaledGradient));
    const step = nesterov ? tf.sub(tf.mul(newVelocity, momentum), scaledGradient) : newVelocity;
    return [newVelocity, tf.add(variable, step)];
  },
});
