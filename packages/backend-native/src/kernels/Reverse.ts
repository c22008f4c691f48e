import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped, stridesOf } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Reverse along `dims`: a strided copy with negative strides on those axes. */
export const reverseConfig: tf.KernelConfig = {
  kernelName: tf.Reverse,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.Reverse, args);
    const axes = tf.util.parseAxisParam((args.attrs as unknown as tf.ReverseAttrs).dims, x.shape);
    const strides = stridesOf(x.shape);
    let offset = 0;
    const srcStrides = x.shape.map((dim, d) => {
      const stride = strides[d] ?? 0;
      if (!axes.includes(d) || dim === 0) return stride;
      offset += (dim - 1) * stride;
      return -stride;
    });
    const out = allocate(x.dtype, tf.util.sizeFromShape(x.shape));
    if (out.length > 0) nativeAddon().stridedCopy(backend.values(x), offset, srcStrides, out, 0, strides, x.shape);
    return backend.output(x.shape, x.dtype, out);
  },
};
