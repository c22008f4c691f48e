import * as tf from '@tensorflow/tfjs-core';
import { convolutionForward } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'DepthwiseConv2dNative' kernel on 'cuda' (cuDNN). */
export const DepthwiseConv2dNativeConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const { strides, pad, dilations, dimRoundingMode } = attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations ?? 1,
      pad,
      dimRoundingMode,
      true,
    );
    return convolutionForward(cuda, x, filter, info, true);
  },
};
