import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Cast between float32, int32 and bool (float to int truncates toward zero). */
export const castConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    if (!hostTyped(x, { dtype } as tf.TensorInfo)) return cpuFallback(tf.Cast, args);
    if (x.dtype === dtype) return backend.alias(x, x.shape);
    const out = allocate(dtype, tf.util.sizeFromShape(x.shape), false);
    nativeAddon().cast(backend.values(x), out);
    return backend.output(x.shape, dtype, out);
  },
};
