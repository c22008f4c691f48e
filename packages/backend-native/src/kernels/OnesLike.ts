import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** OnesLike: a one-filled tensor of x's shape and dtype. */
export const onesLikeConfig: tf.KernelConfig = {
  kernelName: tf.OnesLike,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.OnesLike, args);
    const out = allocate(x.dtype, tf.util.sizeFromShape(x.shape));
    nativeAddon().fill(out, 1);
    return (args.backend as NativeBackend).output(x.shape, x.dtype, out);
  },
};
