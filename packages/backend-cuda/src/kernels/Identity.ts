import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'Identity' kernel on 'cuda'. */
export const IdentityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    void attrs;
    const x = inputs.x as tf.TensorInfo;
    cuda.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};
