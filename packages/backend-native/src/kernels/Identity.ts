import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Identity: shares the input's host array. */
export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: BACKEND_NAME,
  kernelFunc: ({ inputs, backend }) => {
    const x = inputs.x as tf.TensorInfo;
    return (backend as NativeBackend).alias(x, x.shape);
  },
};
