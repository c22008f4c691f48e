import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { cudaBackendOf, reshapeInfo } from './kernel-utils.js';

/** The 'Reshape' kernel on 'cuda'. */
export const ReshapeConfig: tf.KernelConfig = {
  kernelName: tf.Reshape,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const size = tf.util.sizeFromShape(x.shape);
    const shape = tf.util.inferFromImplicitShape((attrs as unknown as tf.ReshapeAttrs).shape, size);
    const target = tf.util.sizeFromShape(shape);
    if (target !== size)
      throw new ShapeError(
        `cuda Reshape: cannot reshape a tensor of ${size} elements (shape [${x.shape}]) to [${shape}] (${target} elements); the sizes must match.`,
      );
    return reshapeInfo(cuda, x, shape);
  },
};
