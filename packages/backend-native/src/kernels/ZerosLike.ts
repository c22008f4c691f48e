import * as tf from '@tensorflow/tfjs-core';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** ZerosLike: a zero-filled tensor of x's shape and dtype. */
export const zerosLikeConfig: tf.KernelConfig = {
  kernelName: tf.ZerosLike,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.ZerosLike, args);
    return (args.backend as NativeBackend).output(x.shape, x.dtype, allocate(x.dtype, tf.util.sizeFromShape(x.shape)));
  },
};
