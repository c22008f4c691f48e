import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf } from './kernel-utils.js';
import { maxPoolBackward } from './pooling.js';

/** The 'MaxPoolGrad' kernel on 'cuda' (cuDNN). */
export const MaxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const dy = inputs.dy as tf.TensorInfo;
    const x = inputs.input as tf.TensorInfo;
    const y = inputs.output as tf.TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    return maxPoolBackward(cuda, dy, x, y, info);
  },
};
