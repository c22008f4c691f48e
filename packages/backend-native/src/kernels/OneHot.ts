import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** OneHot: [...indices.shape, depth], onValue at each index and offValue elsewhere. */
export const oneHotConfig: tf.KernelConfig = {
  kernelName: tf.OneHot,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const indices = args.inputs.indices as tf.TensorInfo;
    const { depth, onValue, offValue, dtype } = args.attrs as unknown as tf.OneHotAttrs;
    if (indices.dtype !== 'int32' || (dtype !== 'float32' && dtype !== 'int32')) return cpuFallback(tf.OneHot, args);
    const outShape = [...indices.shape, depth];
    const out = allocate(dtype, tf.util.sizeFromShape(outShape));
    nativeAddon().oneHot(backend.values(indices) as Int32Array, out, depth, onValue, offValue);
    return backend.output(outShape, dtype, out);
  },
};
