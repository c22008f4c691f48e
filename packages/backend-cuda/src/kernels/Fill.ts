import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { cudaBackendOf, filledInfo } from './kernel-utils.js';

/** The 'Fill' kernel on 'cuda'. */
export const FillConfig: tf.KernelConfig = {
  kernelName: tf.Fill,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    void inputs;
    const { shape, value, dtype } = attrs as unknown as tf.FillAttrs;
    const type = dtype ?? tf.util.inferDtype(value);
    if (type === 'string') throw new BackendError('cuda Fill: string tensors stay on the host; use tf.fill on the cpu backend.');
    return filledInfo(cuda, [...shape], type, Number(value));
  },
};
