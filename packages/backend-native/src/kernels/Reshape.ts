import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { BACKEND_NAME } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Reshape: a new view of the same host array (no data moves). */
export const reshapeConfig: tf.KernelConfig = {
  kernelName: tf.Reshape,
  backendName: BACKEND_NAME,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const size = tf.util.sizeFromShape(x.shape);
    const shape = tf.util.inferFromImplicitShape((attrs as unknown as tf.ReshapeAttrs).shape, size);
    const newSize = tf.util.sizeFromShape(shape);
    if (newSize !== size)
      throw new ShapeError(`Reshape: cannot reshape [${x.shape}] (${size} elements) to [${shape}] (${newSize} elements); the sizes must match.`);
    return (backend as NativeBackend).alias(x, shape);
  },
};
