import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import type { HostArray } from '../addon/native-addon.js';
import { toChannelsFirst, toChannelsLast } from '../backend/channels.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Runs conv2d (im2col + sgemm) and returns the NHWC result with its shape. */
export function conv2dHost(
  backend: NativeBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): { values: Float32Array; nhwcShape: number[] } {
  const channelsFirst = info.dataFormat === 'channelsFirst';
  const xValues: HostArray = channelsFirst ? toChannelsLast(backend.values(x), x.shape) : backend.values(x);
  const nhwcShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const out = allocate('float32', tf.util.sizeFromShape(nhwcShape), false) as Float32Array;
  if (out.length > 0) nativeAddon().conv2d(xValues as Float32Array, backend.values(filter) as Float32Array, out, convGeometry(info));
  return { values: out, nhwcShape };
}

/** Conv2D (NHWC natively; NCHW through transposes). */
export const conv2DConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    if (x.dtype !== 'float32' || filter.dtype !== 'float32') return cpuFallback(tf.Conv2D, args);
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const { values, nhwcShape } = conv2dHost(backend, x, filter, info);
    if (info.dataFormat !== 'channelsFirst') return backend.output(nhwcShape, 'float32', values);
    const nchw = toChannelsFirst(values, nhwcShape);
    return backend.output(nchw.shape, 'float32', nchw.values);
  },
};
