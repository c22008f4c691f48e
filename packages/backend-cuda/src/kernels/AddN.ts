import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { BinaryOp } from '../native/op-codes.js';
import { binaryInfo } from './binary.js';
import { castInfo, cudaBackendOf } from './kernel-utils.js';

/** The 'AddN' kernel on 'cuda'. */
export const AddNConfig: tf.KernelConfig = {
  kernelName: tf.AddN,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    void attrs;
    const tensors = inputs as unknown as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) throw new ValueError('cuda AddN: expected at least one tensor, got none.');
    let sum = castInfo(cuda, first, first.dtype);
    for (const next of tensors.slice(1)) {
      const added = binaryInfo(cuda, BinaryOp.Add, sum, next);
      cuda.disposeIntermediate(sum);
      sum = added;
    }
    return sum;
  },
};
