import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'Slice' kernel on 'cuda'. */
export const SliceConfig: tf.KernelConfig = {
  kernelName: tf.Slice,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { begin, size } = attrs as unknown as tf.SliceAttrs;
    const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    tf.slice_util.assertParamsValid(x as tf.Tensor, start, extent);
    const strides = stridesOf(x.shape);
    const offset = start.reduce((sum, b, k) => sum + b * (strides[k] as number), 0);
    return stridedCopy(cuda, x, extent, strides, offset);
  },
};
