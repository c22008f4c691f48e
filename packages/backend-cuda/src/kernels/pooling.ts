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
//
// The average-pool gradient follows tfjs-backend-cpu, which defines "correct" for the shared
// conformance suite: its AvgPoolGrad divides every window's gradient by the whole window size,
// padding included, although the forward pass divided by the real elements only. So at 'same'
// borders the gradient is not the exact derivative of the forward pass; @keras-ts/backend-native
// follows the cpu backend the same way.

/** cuDNN pooling modes, as the addon's `average` parameter encodes them. */
const PoolMode = { max: 0, averageOfRealElements: 1, averageOfWholeWindow: 2 } as const;

function parameters(info: tf.backend_util.Conv2DInfo, mode: number, explicit: boolean) {
  return { ...convolutionParameters(info, 1, explicit), outChannels: info.inChannels, average: mode };
}

/** Fraction of each window that lies inside the input (for asymmetric average pooling). */
function validFraction(cuda: CudaBackend, info: tf.backend_util.Conv2DInfo, inputShape: number[]): tf.TensorInfo {
  const ones = filledInfo(cuda, inputShape, 'float32', 1);
  const padded = padInput(cuda, ones, info, 0);
  const fraction = cuda.makeOutput([...info.outShape], 'float32');
  cuda.kernels.pool(cuda.pointerOf(padded), cuda.pointerOf(fraction), parameters(info, PoolMode.averageOfRealElements, true));
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
  cuda.kernels.pool(cuda.pointerOf(input), cuda.pointerOf(out), parameters(info, average ? PoolMode.averageOfRealElements : PoolMode.max, explicit));
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
  cuda.kernels.poolBackward(cuda.pointerOf(y), cuda.pointerOf(dy), cuda.pointerOf(input), cuda.pointerOf(result), parameters(info, PoolMode.max, explicit));
  if (input !== floats) cuda.disposeIntermediate(input);
  cuda.disposeIntermediate(floats);
  if (!explicit) return result;
  const cropped = cropPadded(cuda, result, info, [...x.shape]);
  cuda.disposeIntermediate(result);
  return cropped;
}

/**
 * Average pooling backward: dx from dy (the input gives only the shape). Every window's
 * gradient is divided by the whole window size, as tfjs-backend-cpu's AvgPoolGrad does (see
 * the note at the top of this file).
 */
export function averagePoolBackward(cuda: CudaBackend, dy: tf.TensorInfo, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const shape = explicit ? paddedShape(info, x.shape) : [...x.shape];
  const result = cuda.makeOutput(shape, 'float32');
  // cuDNN's average backward reads neither x nor y; the gradient buffers stand in for them.
  cuda.kernels.poolBackward(
    cuda.pointerOf(dy),
    cuda.pointerOf(dy),
    cuda.pointerOf(result),
    cuda.pointerOf(result),
    parameters(info, PoolMode.averageOfWholeWindow, explicit),
  );
  if (!explicit) return result;
  const cropped = cropPadded(cuda, result, info, [...x.shape]);
  cuda.disposeIntermediate(result);
  return cropped;
}
