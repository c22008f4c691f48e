import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'Reverse' kernel on 'cuda'. */
export const ReverseConfig: tf.KernelConfig = {
  kernelName: tf.Reverse,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const axes = tf.util.parseAxisParam((attrs as unknown as tf.ReverseAttrs).dims, x.shape);
    const strides = stridesOf(x.shape);
    let offset = 0;
    const inStrides = strides.map((s, k) => {
      if (!axes.includes(k)) return s;
      offset += ((x.shape[k] as number) - 1) * s;
      return -s;
    });
    return stridedCopy(cuda, x, [...x.shape], inStrides, offset);
  },
};
