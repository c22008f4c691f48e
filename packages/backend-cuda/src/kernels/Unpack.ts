import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'Unpack' kernel on 'cuda'. */
export const UnpackConfig: tf.KernelConfig = {
  kernelName: tf.Unpack,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const value = inputs.value as tf.TensorInfo;
    const given = (attrs as unknown as tf.UnpackAttrs).axis;
    const axis = given < 0 ? given + value.shape.length : given;
    const strides = stridesOf(value.shape);
    const shape = value.shape.filter((_, k) => k !== axis);
    const sliceStrides = strides.filter((_, k) => k !== axis);
    return Array.from({ length: value.shape[axis] as number }, (_, index) => stridedCopy(cuda, value, shape, sliceStrides, index * (strides[axis] as number)));
  },
};
