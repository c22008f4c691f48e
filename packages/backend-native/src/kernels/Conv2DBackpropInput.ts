import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { toChannelsFirst, toChannelsLast } from '../backend/channels.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Conv2DBackpropInput (the gradient of conv2d for x, and conv2dTranspose): gemm + col2im. */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return cpuFallback(tf.Conv2DBackpropInput, args);
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const dyValues = channelsFirst ? toChannelsLast(backend.values(dy), dy.shape) : backend.values(dy);
    const nhwcShape = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
    const dx = allocate('float32', tf.util.sizeFromShape(nhwcShape), false) as Float32Array;
    if (dx.length > 0) nativeAddon().conv2dBackpropInput(dyValues as Float32Array, backend.values(filter) as Float32Array, dx, convGeometry(info));
    if (!channelsFirst) return backend.output(nhwcShape, 'float32', dx);
    const nchw = toChannelsFirst(dx, nhwcShape);
    return backend.output(nchw.shape, 'float32', nchw.values);
  },
};
