import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { BACKEND_NAME } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** ExpandDims: a view of the same host array with a size-1 axis inserted (no data moves). */
export const expandDimsConfig: tf.KernelConfig = {
  kernelName: tf.ExpandDims,
  backendName: BACKEND_NAME,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const input = inputs.input as tf.TensorInfo;
    const { dim } = attrs as unknown as tf.ExpandDimsAttrs;
    const rank = input.shape.length;
    if (dim < -(rank + 1) || dim > rank) throw new ValueError(`ExpandDims: dim must be in [${-(rank + 1)}, ${rank}] for shape [${input.shape}], got ${dim}.`);
    const axis = dim < 0 ? dim + rank + 1 : dim;
    const shape = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
    return (backend as NativeBackend).alias(input, shape);
  },
};
