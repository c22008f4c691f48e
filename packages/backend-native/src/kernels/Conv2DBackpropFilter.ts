import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { toChannelsLast } from '../backend/channels.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Conv2DBackpropFilter (the gradient of conv2d for the filter): im2col + transposed sgemm. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') return cpuFallback(tf.Conv2DBackpropFilter, args);
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const xValues = channelsFirst ? toChannelsLast(backend.values(x), x.shape) : backend.values(x);
    const dyValues = channelsFirst ? toChannelsLast(backend.values(dy), dy.shape) : backend.values(dy);
    const dw = allocate('float32', tf.util.sizeFromShape(filterShape), false) as Float32Array;
    if (dw.length > 0) nativeAddon().conv2dBackpropFilter(xValues as Float32Array, dyValues as Float32Array, dw, convGeometry(info));
    return backend.output(filterShape, 'float32', dw);
  },
};
