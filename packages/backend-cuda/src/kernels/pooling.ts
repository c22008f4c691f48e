import type * as tf from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../backend/cuda-backend.js';
import { BinaryOp } from '../native/op-codes.js';
import { binaryInfo } from './binary.js';
import { convolutionParameters, cropPadded, padInput, paddedShape, symmetricPadding } from './convolution-utils.js';
import { castInfo, filledInfo } from './kernel-utils.js';

// cuDNN pads both sides equally; tfjs's 'same' padding may put one more row or column at the
// end. Then max pooling pads the input with -Infinity explicitly, and average pooling (which
// must count only real elements) divides the plain window average of the zero-padded input by
// the window average of a zero-padded tensor of ones.

function parameters(info: tf.backend_util.Conv2DInfo, average: boolean, explicit: boolean) {
  return { ...convolutionParameters(info, 1, explicit), outChannels: info.inChannels, average: average ? 1 : 0 };
}

/** Fraction of each window that lies inside the input (for asymmetric average pooling). */
function validFraction(cuda: CudaBackend, info: tf.backend_util.Conv2DInfo, inputShape: number[]): tf.TensorInfo {
  const ones = filledInfo(cuda, inputShape, 'float32', 1);
  const padded = padInput(cuda, ones, info, 0);
  const fraction = cuda.makeOutput([...info.outShape], 'float32');
  cuda.kernels.pool(cuda.pointerOf(padded), cuda.pointerOf(fraction), parameters(info, true, true));
  cuda.disposeIntermediate(ones);
  cuda.disposeIntermediate(padded);
  return fraction;
}

/** Max or average pooling forward. */
export function poolForward(cuda: CudaBackend, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, average: boolean): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const floats = castInfo(cuda, x, 'float32');
  const input = explicit ? padInput(cuda, floats, info, average ? 0 : Number.NEGATIVE_INFINITY) : floats;
  const out = cuda.makeOutput([...info.outShape], 'float32');
  cuda.kernels.pool(cuda.pointerOf(input), cuda.pointerOf(out), parameters(info, average, explicit));
  if (input !== floats) cuda.disposeIntermediate(input);
  cuda.disposeIntermediate(floats);
  if (!(explicit && average)) return out;
  const fraction = validFraction(cuda, info, [...x.shape]);
  const result = binaryInfo(cuda, BinaryOp.RealDiv, out, fraction);
  cuda.disposeIntermediate(out);
  cuda.disposeIntermediate(fraction);
  return result;
}

/** Max pooling backward: dx from dy, the input and the forward output. */
export function maxPoolBackward(cuda: CudaBackend, dy: tf.TensorInfo, x: tf.TensorInfo, y: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const floats = castInfo(cuda, x, 'float32');
  const input = explicit ? padInput(cuda, floats, info, Number.NEGATIVE_INFINITY) : floats;
  const result = cuda.makeOutput(explicit ? paddedShape(info, x.shape) : [...x.shape], 'float32');
  cuda.kernels.poolBackward(cuda.pointerOf(y), cuda.pointerOf(dy), cuda.pointerOf(input), cuda.pointerOf(result), parameters(info, false, explicit));
  if (input !== floats) cuda.disposeIntermediate(input);
  cuda.disposeIntermediate(floats);
  if (!explicit) return result;
  const cropped = cropPadded(cuda, result, info, [...x.shape]);
  cuda.disposeIntermediate(result);
  return cropped;
}

/** Average pooling backward: dx from dy (the input gives only the shape). */
export function averagePoolBackward(cuda: CudaBackend, dy: tf.TensorInfo, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  let gradient = dy;
  if (explicit) {
    const fraction = validFraction(cuda, info, [...x.shape]);
    gradient = binaryInfo(cuda, BinaryOp.RealDiv, dy, fraction);
    cuda.disposeIntermediate(fraction);
  }
  const shape = explicit ? paddedShape(info, x.shape) : [...x.shape];
  const result = cuda.makeOutput(shape, 'float32');
  // cuDNN's average backward reads neither x nor y; the gradient buffers stand in for them.
  cuda.kernels.poolBackward(cuda.pointerOf(gradient), cuda.pointerOf(gradient), cuda.pointerOf(result), cuda.pointerOf(result), parameters(info, true, explicit));
  if (gradient !== dy) cuda.disposeIntermediate(gradient);
  if (!explicit) return result;
  const cropped = cropPadded(cuda, result, info, [...x.shape]);
  cuda.disposeIntermediate(result);
  return cropped;
}
