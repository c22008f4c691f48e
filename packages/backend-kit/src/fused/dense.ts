import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { type DenseAttributes, fusedDenseActivationGrad } from './dense-activation-grad.js';

/** Kernel name of {@link fusedDense}. */
export const KERAS_DENSE = 'KerasDense';

/** Inputs of {@link fusedDense}: `x` `[m, k]`, `kernel` `[k, n]`, optional `bias` `[n]`. */
export interface DenseInputs {
  x: tf.Tensor2D;
  kernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/**
 * A Dense layer on a matrix: `activation(x · kernel + bias)`, `[m, n]`.
 *
 * Through tfjs-core's ops a Dense layer takes about eight kernels forward (MatMul, Add, the
 * activation and the engine's copies of what each keeps for the gradient) and eight backward; a
 * backend's kernel with this gradient takes four and four. The reference is what the layer
 * computed before the op was declared: tfjs-core's fused matMul for linear and relu (it
 * differentiates those two only), MatMul, Add and the activation otherwise.
 */
export const fusedDense = declareFusedOp<DenseInputs, DenseAttributes, tf.Tensor2D>({
  name: KERAS_DENSE,
  reference: ({ x, kernel, bias }, { activation }) => {
    if (activation === 'linear' || activation === 'relu') return tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
    const product = tf.matMul(x, kernel);
    const z = bias === undefined ? product : tf.add(product, bias);
    return (activation === 'sigmoid' ? tf.sigmoid(z) : activation === 'tanh' ? tf.tanh(z) : tf.softmax(z, -1)) as tf.Tensor2D;
  },
  // dz from the activation's derivative (and the bias gradient, its column sums) in one op, then
  // one product per input that needs a gradient: tfjs-core calls only the functions of inputs on
  // the path, so a model's first layer computes no gradient for its input data.
  gradient: {
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradient: (dy, saved, attributes) => {
      const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const upstream = dy as tf.Tensor2D;
      let dz = upstream;
      let db: tf.Tensor | undefined;
      if (attributes.activation === 'linear') {
        if (attributes.withBias) db = tf.sum(upstream, 0);
      } else {
        [dz, db] = fusedDenseActivationGrad.run({ dy: upstream, y }, attributes) as [tf.Tensor2D, tf.Tensor?];
      }
      const gradients: Record<string, () => tf.Tensor> = {
        x: () => tf.matMul(dz, kernel, false, true),
        kernel: () => tf.matMul(x, dz, true, false),
      };
      if (db !== undefined) {
        const biasGradient = db;
        gradients.bias = () => biasGradient;
      }
      return gradients;
    },
  },
});
