import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, filledInfo } from './kernel-utils.js';

/** The 'OnesLike' kernel on 'cuda'. */
export const OnesLikeConfig: tf.KernelConfig = {
  kernelName: tf.OnesLike,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    void attrs;
    const x = inputs.x as tf.TensorInfo;
    return filledInfo(cuda, [...x.shape], x.dtype, 1);
  },
};
