import * as tf from '@tensorflow/tfjs-core';
import { CROSSENTROPY_EPSILON, fusedCategoricalCrossentropyGrad } from './categorical-crossentropy-grad.js';
import { declareFusedOp } from './declare-fused-op.js';

/** Kernel name of {@link fusedCategoricalCrossentropy}. */
export const KERAS_CATEGORICAL_CROSSENTROPY = 'KerasCategoricalCrossentropy';

/** Inputs of {@link fusedCategoricalCrossentropy}: targets and probabilities, one shape `[…, classes]`. */
export interface CategoricalCrossentropyInputs {
  yTrue: tf.Tensor;
  yPred: tf.Tensor;
}

/**
 * Categorical crossentropy of probabilities on the last axis, as Keras computes it:
 * `−Σ yTrue · log(clip(yPred / Σ yPred, 1e-7, 1 − 1e-7))`, shape `[…]`. Two kernels (forward and
 * gradient) instead of about thirty. No attributes: logits, label smoothing and other axes are
 * the loss's own op chain.
 */
export const fusedCategoricalCrossentropy = declareFusedOp<CategoricalCrossentropyInputs, Record<string, never>, tf.Tensor>({
  name: KERAS_CATEGORICAL_CROSSENTROPY,
  reference: ({ yTrue, yPred }) => {
    const axis = yPred.rank - 1;
    const normalized = tf.div(yPred, tf.sum(yPred, axis, true));
    const clipped = tf.clipByValue(normalized, CROSSENTROPY_EPSILON, 1 - CROSSENTROPY_EPSILON);
    return tf.neg(tf.sum(tf.mul(yTrue, tf.log(clipped)), axis));
  },
  gradient: {
    inputsToSave: ['yTrue', 'yPred'],
    gradient: (dy, saved) => {
      const [yTrue, yPred] = saved as [tf.Tensor, tf.Tensor];
      const [dTrue, dPred] = fusedCategoricalCrossentropyGrad.run({ dy: dy as tf.Tensor, yTrue, yPred }, {});
      return { yTrue: () => dTrue, yPred: () => dPred };
    },
  },
});
