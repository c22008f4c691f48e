import * as tf from '@tensorflow/tfjs-core';
import { convolutionBackwardFilter } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'Conv2DBackpropFilter' kernel on 'cuda' (cuDNN). */
export const Conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
    return convolutionBackwardFilter(cuda, x, dy, info, false, [...filterShape]);
  },
};
