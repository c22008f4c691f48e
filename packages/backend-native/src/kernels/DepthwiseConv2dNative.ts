import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** The depthwise geometry for x [b, h, w, c] and filter [fh, fw, c, multiplier]. */
export function depthwiseInfo(
  xShape: number[],
  filterShape: number[],
  attrs: {
    strides: number | [number, number];
    dilations?: number | [number, number];
    pad: tf.DepthwiseConv2dNativeAttrs['pad'];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  },
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? [1, 1],
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

/** DepthwiseConv2dNative (NHWC): direct loops over window taps, channels innermost. */
export const depthwiseConv2dNativeConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    if (x.dtype !== 'float32' || filter.dtype !== 'float32') return cpuFallback(tf.DepthwiseConv2dNative, args);
    const info = depthwiseInfo(x.shape, filter.shape, args.attrs as unknown as tf.DepthwiseConv2dNativeAttrs);
    const out = allocate('float32', tf.util.sizeFromShape(info.outShape), false) as Float32Array;
    if (out.length > 0) nativeAddon().depthwise(0, backend.values(x) as Float32Array, backend.values(filter) as Float32Array, out, convGeometry(info));
    return backend.output(info.outShape, 'float32', out);
  },
};
