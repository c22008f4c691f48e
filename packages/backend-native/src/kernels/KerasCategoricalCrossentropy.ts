import type * as tf from '@tensorflow/tfjs-core';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * The name of the fused categorical crossentropy kernel (probabilities, last axis, no label
 * smoothing). @keras-ts/losses dispatches it by this name, through the kernel registry, when
 * the active backend registers it; the two spellings must stay equal.
 */
export const KERAS_CATEGORICAL_CROSSENTROPY = 'KerasCategoricalCrossentropy';

/** The name of the gradient kernel of {@link KERAS_CATEGORICAL_CROSSENTROPY}. */
export const KERAS_CATEGORICAL_CROSSENTROPY_GRAD = 'KerasCategoricalCrossentropyGrad';

// Keras's probability clip, as the float32 bounds the unfused ClipByValue applies.
const f = Math.fround;
const LOW = f(1e-7);
const HIGH = f(1 - 1e-7);

/** The number of rows of `[…, classes]`: the product of every dimension but the last. */
function rowCount(shape: number[]): number {
  return shape.slice(0, -1).reduce((product, size) => product * size, 1);
}

/** Row-wise sum in double, rounded once to float32, as the native Sum kernel does. */
function rowSum(values: Float32Array, start: number, classes: number): number {
  let sum = 0;
  for (let j = 0; j < classes; j++) sum += values[start + j]!;
  return f(sum);
}

/** Keras's renormalized and clipped probability `clip(p / sum(p), 1e-7, 1 − 1e-7)` in float32. */
function clipped(p: number, sum: number): number {
  const q = f(p / sum);
  return q < LOW ? LOW : q > HIGH ? HIGH : q;
}

/**
 * KerasCategoricalCrossentropy: inputs `yTrue`, `yPred` (float32, one shape `[…, classes]`);
 * output `[…]`: `−Σ yTrue · log(clip(yPred / Σ yPred, 1e-7, 1 − 1e-7))` over the last axis, with
 * the float32 roundings of the unfused op chain.
 */
export const kerasCategoricalCrossentropyConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { yTrue, yPred } = args.inputs as Record<'yTrue' | 'yPred', tf.TensorInfo>;
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue, yPred }, yPred?.shape ?? []);
    const classes = yPred.shape[yPred.shape.length - 1] ?? 1;
    const target = backend.values(yTrue) as Float32Array;
    const prediction = backend.values(yPred) as Float32Array;
    const rows = rowCount(yPred.shape);
    const out = allocate('float32', rows, false) as Float32Array;
    for (let i = 0, start = 0; i < rows; i++, start += classes) {
      const sum = rowSum(prediction, start, classes);
      let total = 0;
      for (let j = 0; j < classes; j++) total += f(target[start + j]! * f(Math.log(clipped(prediction[start + j]!, sum))));
      out[i] = -f(total);
    }
    return backend.output(yPred.shape.slice(0, -1), 'float32', out);
  },
};

/**
 * KerasCategoricalCrossentropyGrad: inputs `dy` (`[…]`), `yTrue`, `yPred` (`[…, classes]`);
 * outputs `[dyTrue, dyPred]`, the gradients the unfused op chain's autodiff produces (the clip
 * passes gradient only inside its bounds; the renormalization's quotient rule is applied).
 */
export const kerasCategoricalCrossentropyGradConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, yTrue, yPred } = args.inputs as Record<'dy' | 'yTrue' | 'yPred', tf.TensorInfo>;
    const shape = yPred?.shape ?? [];
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { yTrue, yPred }, shape);
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy }, shape.slice(0, -1));
    const classes = shape[shape.length - 1] ?? 1;
    const upstream = backend.values(dy) as Float32Array;
    const target = backend.values(yTrue) as Float32Array;
    const prediction = backend.values(yPred) as Float32Array;
    const size = prediction.length;
    const dTrue = allocate('float32', size, false) as Float32Array;
    const dPred = allocate('float32', size, false) as Float32Array;
    const rows = rowCount(shape);
    for (let i = 0, start = 0; i < rows; i++, start += classes) {
      const sum = rowSum(prediction, start, classes);
      const negDy = -upstream[i]!;
      // dPred first holds the gradient reaching the normalized probabilities (zero where clipped).
      let weighted = 0;
      for (let j = 0; j < classes; j++) {
        const p = prediction[start + j]!;
        const q = f(p / sum);
        const c = q < LOW ? LOW : q > HIGH ? HIGH : q;
        dTrue[start + j] = f(negDy * f(Math.log(c)));
        const g = q >= LOW && q <= HIGH ? f(f(negDy * target[start + j]!) / c) : 0;
        dPred[start + j] = g;
        weighted += f(g * p);
      }
      const fromSum = -f(f(weighted) / f(sum * sum));
      for (let j = 0; j < classes; j++) dPred[start + j] = f(f(dPred[start + j]! / sum) + fromSum);
    }
    return [backend.output(shape, 'float32', dTrue), backend.output(shape, 'float32', dPred)];
  },
};
