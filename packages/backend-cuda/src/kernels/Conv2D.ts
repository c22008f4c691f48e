import * as tf from '@tensorflow/tfjs-core';
import { convolutionForward } from './convolution.js';
import { cudaBackendOf } from './kernel-utils.js';

/** The 'Conv2D' kernel on 'cuda' (cuDNN). */
export const Conv2DConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    return convolutionForward(cuda, x, filter, info, false);
  },
};
