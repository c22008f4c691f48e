import * as tf from '@tensorflow/tfjs-core';
import { convolutionBackwardData } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'DepthwiseConv2dNativeBackpropInput' kernel on 'cuda' (cuDNN). */
export const DepthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    return convolutionBackwardData(cuda, dy, filter, info, true, [...inputShape]);
  },
};
