import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';

/** Kernel name of {@link fusedCategoricalCrossentropyGrad}. */
export const KERAS_CATEGORICAL_CROSSENTROPY_GRAD = 'KerasCategoricalCrossentropyGrad';

/** Keras's probability clip (`backend.epsilon()`): probabilities are kept in `[1e-7, 1 − 1e-7]`. */
export const CROSSENTROPY_EPSILON = 1e-7;

/** Inputs of {@link fusedCategoricalCrossentropyGrad}: the upstream gradient `[…]` and the loss's inputs `[…, classes]`. */
export interface CategoricalCrossentropyGradInputs {
  dy: tf.Tensor;
  yTrue: tf.Tensor;
  yPred: tf.Tensor;
}

/**
 * The gradient of the fused categorical crossentropy: outputs `[dyTrue, dyPred]`, what tfjs-core's
 * autodiff of the op chain gives (the clip passes gradient only inside its bounds; the
 * renormalization's quotient rule is applied), in one kernel instead of about twenty.
 */
export const fusedCategoricalCrossentropyGrad = declareFusedOp<CategoricalCrossentropyGradInputs, Record<string, never>, [tf.Tensor, tf.Tensor]>({
  name: KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
  reference: ({ dy, yTrue, yPred }) => {
    const sum = tf.sum(yPred, -1, true);
    const normalized = tf.div(yPred, sum);
    const clipped = tf.clipByValue(normalized, CROSSENTROPY_EPSILON, 1 - CROSSENTROPY_EPSILON);
    const upstream = tf.expandDims(tf.neg(dy), -1);
    const inside = tf.logicalAnd(tf.greaterEqual(normalized, CROSSENTROPY_EPSILON), tf.lessEqual(normalized, 1 - CROSSENTROPY_EPSILON));
    // The gradient reaching the normalized probabilities, then through p / Σp.
    const dNormalized = tf.where(inside, tf.div(tf.mul(upstream, yTrue), clipped), tf.zerosLike(normalized));
    const fromSum = tf.neg(tf.div(tf.sum(tf.mul(dNormalized, yPred), -1, true), tf.square(sum)));
    return [tf.mul(upstream, tf.log(clipped)), tf.add(tf.div(dNormalized, sum), fromSum)];
  },
});
