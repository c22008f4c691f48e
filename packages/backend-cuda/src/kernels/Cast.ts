import * as tf from '@tensorflow/tfjs-core';
import { castInfo, cudaBackendOf } from './kernel-utils.js';

/** The 'Cast' kernel on 'cuda'. */
export const CastConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    return castInfo(cuda, inputs.x as tf.TensorInfo, (attrs as unknown as tf.CastAttrs).dtype);
  },
};
