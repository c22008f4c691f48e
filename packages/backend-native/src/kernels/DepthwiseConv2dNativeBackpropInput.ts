import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { depthwiseInfo } from './DepthwiseConv2dNative.js';

/** DepthwiseConv2dNativeBackpropInput: scatters dy x filter back onto the input pixels. */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return cpuFallback(tf.DepthwiseConv2dNativeBackpropInput, args);
    const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
    const dx = allocate('float32', tf.util.sizeFromShape(attrs.inputShape), false) as Float32Array;
    if (dx.length > 0) nativeAddon().depthwise(1, backend.values(dy) as Float32Array, backend.values(filter) as Float32Array, dx, convGeometry(info));
    return backend.output(attrs.inputShape, 'float32', dx);
  },
};
