import * as tf from '@tensorflow/tfjs-core';
import { convolutionBackwardFilter } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'DepthwiseConv2dNativeBackpropFilter' kernel on 'cuda' (cuDNN). */
export const DepthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true);
    return convolutionBackwardFilter(cuda, x, dy, info, true, [...filterShape]);
  },
};
