import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';

/** Kernel name of {@link fusedDenseActivationGrad}. */
export const KERAS_DENSE_ACTIVATION_GRAD = 'KerasDenseActivationGrad';

/** The activations the fused Dense ops implement, in the order the conformance suite runs them. */
export const KERAS_DENSE_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;

/** One of {@link KERAS_DENSE_ACTIVATIONS}. */
export type DenseActivation = (typeof KERAS_DENSE_ACTIVATIONS)[number];

/** Attributes of the fused Dense ops. */
export interface DenseAttributes {
  /** The activation applied to `x · kernel + bias`. */
  activation: DenseActivation;
  /** Whether the layer has a bias (and so whether its gradient is wanted). */
  withBias: boolean;
}

/** Inputs of {@link fusedDenseActivationGrad}: the upstream gradient and the layer's output, both `[m, n]`. */
export interface DenseActivationGradInputs {
  dy: tf.Tensor2D;
  y: tf.Tensor2D;
}

/**
 * `dz`, the gradient reaching `z = x · kernel + bias` from `dy`, computed from the output `y`
 * as tfjs-core's registered gradient of the activation does (relu's `step` of `y` equals that of
 * `z`).
 */
function activationGradient(dy: tf.Tensor2D, y: tf.Tensor2D, activation: DenseActivation): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return tf.clone(dy);
    case 'relu':
      return tf.mul(dy, tf.cast(tf.step(y), 'float32'));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y)));
    case 'tanh':
      return tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy);
    case 'softmax': {
      const dyTimesY = tf.mul(dy, y);
      return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, -1, true), y));
    }
  }
}

/**
 * The backward half of {@link fusedDense} up to the matrix products: outputs `[dz]`, or
 * `[dz, db]` when `withBias` (`db`, `[n]`, the column sums of `dz`). One kernel instead of the
 * activation's gradient and a reduction.
 */
export const fusedDenseActivationGrad = declareFusedOp<DenseActivationGradInputs, DenseAttributes, tf.Tensor[]>({
  name: KERAS_DENSE_ACTIVATION_GRAD,
  reference: ({ dy, y }, { activation, withBias }) => {
    const dz = activationGradient(dy, y, activation);
    return withBias ? [dz, tf.sum(dz, 0)] : [dz];
  },
});
