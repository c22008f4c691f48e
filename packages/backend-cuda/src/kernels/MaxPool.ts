import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf } from './kernel-utils.js';
import { poolForward } from './pooling.js';

/** The 'MaxPool' kernel on 'cuda' (cuDNN). */
export const MaxPoolConfig: tf.KernelConfig = {
  kernelName: tf.MaxPool,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolAttrs;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    return poolForward(cuda, x, info, false);
  },
};
