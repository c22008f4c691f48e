import * as tf from '@tensorflow/tfjs-core';
import { convolutionBackwardData } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'Conv2DBackpropInput' kernel on 'cuda' (cuDNN). */
export const Conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    return convolutionBackwardData(cuda, dy, filter, info, false, [...inputShape]);
  },
};
