import type * as tf from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../backend/cuda-backend.js';
import {
  convolutionParameters,
  cropPadded,
  deviceFilter,
  filterPermutation,
  inversePermutation,
  padInput,
  paddedShape,
  symmetricPadding,
} from './convolution-utils.js';
import { castInfo, transposeInfo } from './kernel-utils.js';

const FORWARD = 0;
const BACKWARD_DATA = 1;
const BACKWARD_FILTER = 2;

function groupsOf(info: tf.backend_util.Conv2DInfo, depthwise: boolean): number {
  return depthwise ? info.inChannels : 1;
}

/** y = conv(x, filter) on cuDNN; asymmetric padding pads x explicitly first. */
export function convolutionForward(
  cuda: CudaBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  depthwise: boolean,
): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const floats = castInfo(cuda, x, 'float32');
  const input = explicit ? padInput(cuda, floats, info, 0) : floats;
  const channelsLast = info.dataFormat === 'channelsLast';
  const weights = deviceFilter(cuda, filter, channelsLast, depthwise);
  const out = cuda.makeOutput([...info.outShape], 'float32');
  cuda.kernels.convolution(
    FORWARD,
    cuda.pointerOf(input),
    cuda.pointerOf(weights),
    cuda.pointerOf(out),
    convolutionParameters(info, groupsOf(info, depthwise), explicit),
  );
  if (input !== floats) cuda.disposeIntermediate(input);
  cuda.disposeIntermediate(floats);
  cuda.disposeIntermediate(weights);
  return out;
}

/** dx from dy and the filter (the transposed convolution). */
export function convolutionBackwardData(
  cuda: CudaBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  depthwise: boolean,
  inputShape: number[],
): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const gradient = castInfo(cuda, dy, 'float32');
  const weights = deviceFilter(cuda, filter, info.dataFormat === 'channelsLast', depthwise);
  const result = cuda.makeOutput(explicit ? paddedShape(info, inputShape) : [...inputShape], 'float32');
  cuda.kernels.convolution(
    BACKWARD_DATA,
    cuda.pointerOf(gradient),
    cuda.pointerOf(weights),
    cuda.pointerOf(result),
    convolutionParameters(info, groupsOf(info, depthwise), explicit),
  );
  cuda.disposeIntermediate(gradient);
  cuda.disposeIntermediate(weights);
  if (!explicit) return result;
  const cropped = cropPadded(cuda, result, info, inputShape);
  cuda.disposeIntermediate(result);
  return cropped;
}

/** dfilter from x and dy, in tfjs's filter layout. */
export function convolutionBackwardFilter(
  cuda: CudaBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  depthwise: boolean,
  filterShape: number[],
): tf.TensorInfo {
  const explicit = !symmetricPadding(info);
  const floats = castInfo(cuda, x, 'float32');
  const input = explicit ? padInput(cuda, floats, info, 0) : floats;
  const gradient = castInfo(cuda, dy, 'float32');
  const permutation = filterPermutation(info.dataFormat === 'channelsLast', depthwise);
  const deviceShape = permutation.map((axis) => filterShape[axis] as number);
  const result = cuda.makeOutput(deviceShape, 'float32');
  cuda.kernels.convolution(
    BACKWARD_FILTER,
    cuda.pointerOf(input),
    cuda.pointerOf(gradient),
    cuda.pointerOf(result),
    convolutionParameters(info, groupsOf(info, depthwise), explicit),
  );
  if (input !== floats) cuda.disposeIntermediate(input);
  cuda.disposeIntermediate(floats);
  cuda.disposeIntermediate(gradient);
  const out = transposeInfo(cuda, result, inversePermutation(permutation));
  cuda.disposeIntermediate(result);
  return out;
}
