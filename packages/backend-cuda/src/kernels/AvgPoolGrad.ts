import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf } from './kernel-utils.js';
import { averagePoolBackward } from './pooling.js';

/** The 'AvgPoolGrad' kernel on 'cuda' (cuDNN); divides by the whole window, as tfjs-backend-cpu does. */
export const AvgPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.AvgPoolGrad,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const dy = inputs.dy as tf.TensorInfo;
    const x = inputs.input as tf.TensorInfo;
    const { filterSize, strides, pad } = attrs as unknown as tf.AvgPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad);
    return averagePoolBackward(cuda, dy, x, info);
  },
};
