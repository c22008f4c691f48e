import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, transposeInfo } from './kernel-utils.js';

/** The 'Transpose' kernel on 'cuda'. */
export const TransposeConfig: tf.KernelConfig = {
  kernelName: tf.Transpose,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    return transposeInfo(cuda, x, (attrs as unknown as tf.TransposeAttrs).perm);
  },
};
