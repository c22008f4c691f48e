import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'SplitV' kernel on 'cuda'. */
export const SplitVConfig: tf.KernelConfig = {
  kernelName: tf.SplitV,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { numOrSizeSplits, axis } = attrs as unknown as tf.SplitVAttrs;
    const [dimension] = tf.util.parseAxisParam(axis, x.shape) as [number];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, dimension);
    const strides = stridesOf(x.shape);
    let start = 0;
    return sizes.map((size) => {
      const shape = [...x.shape];
      shape[dimension] = size;
      const piece = stridedCopy(cuda, x, shape, strides, start * (strides[dimension] as number));
      start += size;
      return piece;
    });
  },
};
