import * as tf from '@tensorflow/tfjs-core';
import { type ActivationFunction, linear, relu, sigmoid, softmax, tanh } from '../activations/activations.js';

/**
 * A fused Dense kernel and the kernel computing its activation's derivative, registered by
 * backends that provide them (the 'native' backend). The names must match the backend's.
 *
 * Training a Dense layer through tfjs's ops takes about eight kernels forward (MatMul, Add,
 * the activation and the engine's copies of the tensors each keeps for the gradient) and eight
 * backward; the fused path takes four and four, with identical float32 results.
 */
const FUSED_KERNEL = 'KerasDense';
const FUSED_ACTIVATION_GRAD_KERNEL = 'KerasDenseActivationGrad';

/** The activations the fused kernels implement, by the layer's activation function. */
const FUSED_ACTIVATIONS = new Map<ActivationFunction, string>([
  [linear, 'linear'],
  [relu, 'relu'],
  [sigmoid, 'sigmoid'],
  [tanh, 'tanh'],
  [softmax, 'softmax'],
]);

interface FusedDenseAttributes {
  activation: string;
  withBias: boolean;
}

// Registered once per tfjs instance. Backward: dz from the activation's derivative (and the
// bias gradient, its column sums) in one kernel, then one product per input that needs a
// gradient: the engine calls only the functions of inputs on the path to the variables, so
// the first layer of a model computes no gradient for its input data.
if (tf.getGradient(FUSED_KERNEL) === undefined) {
  tf.registerGradient({
    kernelName: FUSED_KERNEL,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const { activation, withBias } = attrs as unknown as FusedDenseAttributes;
      const upstream = dy as tf.Tensor2D;
      let dz: tf.Tensor2D = upstream;
      let db: tf.Tensor | undefined;
      if (activation === 'linear') {
        if (withBias) db = tf.sum(upstream, 0);
      } else {
        const outputs = tf.engine().runKernel(FUSED_ACTIVATION_GRAD_KERNEL, { dy: upstream, y }, { activation, withBias } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        dz = outputs[0] as tf.Tensor2D;
        db = outputs[1];
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
  });
}

/**
 * The name of the fused kernel for `activation` when the active backend can run a Dense layer
 * with it on these tensors in one kernel (float32, first-order gradients at most), else
 * undefined (the layer then uses tfjs's ops).
 */
export function fusedDenseActivation(activation: ActivationFunction, tensors: tf.Tensor[]): string | undefined {
  const name = FUSED_ACTIVATIONS.get(activation);
  if (name === undefined || tensors.some((t) => t.dtype !== 'float32')) return undefined;
  // Under nested gradients (a gradient of a gradient) the backward kernel would itself need a
  // gradient; tfjs's ops have them, so the layer uses those there.
  if (tf.engine().state.gradientDepth > 1) return undefined;
  const backend = tf.getBackend();
  if (tf.getKernel(FUSED_KERNEL, backend) === undefined || tf.getKernel(FUSED_ACTIVATION_GRAD_KERNEL, backend) === undefined) return undefined;
  return name;
}

/** `activation(x · kernel + bias)` for a matrix `x` through the fused kernel (see {@link fusedDenseActivation}). */
export function fusedDense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | undefined, activation: string): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = bias === undefined ? { x, kernel } : { x, kernel, bias };
  const attrs: FusedDenseAttributes = { activation, withBias: bias !== undefined };
  return tf.engine().runKernel(FUSED_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
