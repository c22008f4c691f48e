import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { convGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { depthwiseInfo } from './DepthwiseConv2dNative.js';

/** DepthwiseConv2dNativeBackpropFilter: accumulates x x dy per filter tap and channel. */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') return cpuFallback(tf.DepthwiseConv2dNativeBackpropFilter, args);
    const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
    const dw = allocate('float32', tf.util.sizeFromShape(attrs.filterShape), false) as Float32Array;
    if (dw.length > 0) nativeAddon().depthwise(2, backend.values(x) as Float32Array, backend.values(dy) as Float32Array, dw, convGeometry(info));
    return backend.output(attrs.filterShape, 'float32', dw);
  },
};
