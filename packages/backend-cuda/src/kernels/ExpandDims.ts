import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { cudaBackendOf, reshapeInfo } from './kernel-utils.js';

/** The 'ExpandDims' kernel on 'cuda': a view with a size-1 axis inserted (tfjs names its input `input`). */
export const ExpandDimsConfig: tf.KernelConfig = {
  kernelName: tf.ExpandDims,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const input = (inputs as unknown as tf.ExpandDimsInputs).input as tf.TensorInfo;
    const { dim } = attrs as unknown as tf.ExpandDimsAttrs;
    const rank = input.shape.length;
    const axis = dim < 0 ? rank + 1 + dim : dim;
    if (!Number.isInteger(axis) || axis < 0 || axis > rank) {
      throw new ValueError(`cuda ExpandDims: axis ${dim} is out of range for a tensor of rank ${rank}; expected an integer in [${-(rank + 1)}, ${rank}].`);
    }
    const shape = [...input.shape];
    shape.splice(axis, 0, 1);
    return reshapeInfo(cuda, input, shape);
  },
};
