import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, reshapeInfo } from './kernel-utils.js';

/** The 'ExpandDims' kernel on 'cuda'. */
export const ExpandDimsConfig: tf.KernelConfig = {
  kernelName: tf.ExpandDims,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { dim } = attrs as unknown as tf.ExpandDimsAttrs;
    const axis = dim < 0 ? x.shape.length + 1 + dim : dim;
    const shape = [...x.shape];
    shape.splice(axis, 0, 1);
    return reshapeInfo(cuda, x, shape);
  },
};
