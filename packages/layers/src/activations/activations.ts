import * as tf from '@tensorflow/tfjs-core';

/** An activation: elementwise (or, for softmax, along the last axis) function of a tensor. */
export type ActivationFunction = (x: tf.Tensor) => tf.Tensor;

// Activations built from several ops run in a tidy so eager calls free their intermediates.

/** Rectified linear unit: `max(x, 0)`. */
export const relu: ActivationFunction = (x) => tf.relu(x);
/** `min(max(x, 0), 6)`. */
export const relu6: ActivationFunction = (x) => tf.relu6(x);
/** Hyperbolic tangent. */
export const tanh: ActivationFunction = (x) => tf.tanh(x);
/** `1 / (1 + exp(-x))`. */
export const sigmoid: ActivationFunction = (x) => tf.sigmoid(x);
/** Keras 3's piecewise-linear sigmoid: `relu6(x + 3) / 6`. */
export const hardSigmoid: ActivationFunction = (x) => tf.tidy(() => tf.div(tf.relu6(tf.add(x, 3)), 6));
/** Softmax over the last axis. */
export const softmax: ActivationFunction = (x) => tf.softmax(x, -1);
/** Log of softmax over the last axis. */
export const logSoftmax: ActivationFunction = (x) => tf.logSoftmax(x, -1);
/** Identity. */
export const linear: ActivationFunction = (x) => x;
/** Exponential linear unit (alpha 1): `x` for x > 0, `exp(x) - 1` otherwise. */
export const elu: ActivationFunction = (x) => tf.elu(x);
/** Scaled ELU with Klambauer et al.'s constants. */
export const selu: ActivationFunction = (x) => tf.selu(x);
/** `log(exp(x) + 1)`. */
export const softplus: ActivationFunction = (x) => tf.softplus(x);
/** `x / (|x| + 1)`. */
export const softsign: ActivationFunction = (x) => tf.tidy(() => tf.div(x, tf.add(tf.abs(x), 1)));
/** `x * sigmoid(x)` (also called silu). */
export const swish: ActivationFunction = (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
/** Exact Gaussian error linear unit: `x/2 * (1 + erf(x / √2))` (Keras 3's default, approximate=false). */
export const gelu: ActivationFunction = (x) => tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
/** `exp(x)`. */
export const exponential: ActivationFunction = (x) => tf.exp(x);
/** Leaky ReLU with Keras 3's default negative slope 0.2. */
export const leakyRelu: ActivationFunction = (x) => tf.leakyRelu(x, 0.2);
/** `x * tanh(softplus(x))`. */
export const mish: ActivationFunction = (x) => tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));
/** `x * relu6(x + 3) / 6`. */
export const hardSilu: ActivationFunction = (x) => tf.tidy(() => tf.mul(x, hardSigmoid(x)));
