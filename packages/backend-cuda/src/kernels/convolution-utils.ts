import type * as tf from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../backend/cuda-backend.js';
import type { ConvolutionParameters } from '../native/addon-types.js';
import { castInfo, filledInfo, stridedCopy, stridedCopyInto, stridesOf, transposeInfo } from './kernel-utils.js';

/** cuDNN's filter layout from tfjs's: HWIO → OHWI (NHWC) or OIHW (NCHW); depthwise HWCM → (C·M)HW1. */
export function filterPermutation(channelsLast: boolean, depthwise: boolean): number[] {
  if (depthwise) return [2, 3, 0, 1];
  return channelsLast ? [3, 0, 1, 2] : [3, 2, 0, 1];
}

/** The inverse of a permutation. */
export function inversePermutation(permutation: number[]): number[] {
  const inverse = new Array<number>(permutation.length);
  permutation.forEach((axis, k) => {
    inverse[axis] = k;
  });
  return inverse;
}

/** Whether cuDNN can take the padding as is (it pads both sides of a dimension equally). */
export function symmetricPadding(info: tf.backend_util.Conv2DInfo): boolean {
  return info.padInfo.top === info.padInfo.bottom && info.padInfo.left === info.padInfo.right;
}

/**
 * The cuDNN geometry of a convolution or pooling. With `explicitPadding` the input is taken as
 * already padded (asymmetric 'same' padding), so cuDNN pads nothing.
 */
export function convolutionParameters(info: tf.backend_util.Conv2DInfo, groups: number, explicitPadding: boolean): ConvolutionParameters {
  const { top, bottom, left, right } = info.padInfo;
  return {
    batch: info.batchSize,
    inChannels: info.inChannels,
    inHeight: info.inHeight + (explicitPadding ? top + bottom : 0),
    inWidth: info.inWidth + (explicitPadding ? left + right : 0),
    outChannels: info.outChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    padTop: explicitPadding ? 0 : top,
    padLeft: explicitPadding ? 0 : left,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    groups,
    channelsLast: info.dataFormat === 'channelsLast' ? 1 : 0,
  };
}

function spatialAxes(info: tf.backend_util.Conv2DInfo): [number, number] {
  return info.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
}

/** Shape of the explicitly padded input. */
export function paddedShape(info: tf.backend_util.Conv2DInfo, shape: number[]): number[] {
  const [h, w] = spatialAxes(info);
  const padded = [...shape];
  padded[h] = (padded[h] as number) + info.padInfo.top + info.padInfo.bottom;
  padded[w] = (padded[w] as number) + info.padInfo.left + info.padInfo.right;
  return padded;
}

function interiorOffset(info: tf.backend_util.Conv2DInfo, paddedStrides: number[]): number {
  const [h, w] = spatialAxes(info);
  return info.padInfo.top * (paddedStrides[h] as number) + info.padInfo.left * (paddedStrides[w] as number);
}

/** `x` padded with `value` by the (possibly asymmetric) padding of `info`. */
export function padInput(cuda: CudaBackend, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, value: number): tf.TensorInfo {
  const shape = paddedShape(info, x.shape);
  const out = filledInfo(cuda, shape, 'float32', value);
  const strides = stridesOf(shape);
  stridedCopyInto(cuda, x, out, [...x.shape], stridesOf(x.shape), 0, strides, interiorOffset(info, strides));
  return out;
}

/** The interior of an explicitly padded gradient, shaped like the unpadded input. */
export function cropPadded(cuda: CudaBackend, padded: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, shape: number[]): tf.TensorInfo {
  const strides = stridesOf(padded.shape);
  return stridedCopy(cuda, padded, shape, strides, interiorOffset(info, strides));
}

/** `filter` in cuDNN's layout (float32). */
export function deviceFilter(cuda: CudaBackend, filter: tf.TensorInfo, channelsLast: boolean, depthwise: boolean): tf.TensorInfo {
  const floats = castInfo(cuda, filter, 'float32');
  const out = transposeInfo(cuda, floats, filterPermutation(channelsLast, depthwise));
  cuda.disposeIntermediate(floats);
  return out;
}
