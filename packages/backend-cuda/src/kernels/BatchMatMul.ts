import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf } from './kernel-utils.js';
import { batchMatMulInfo } from './matmul-utils.js';

/** The 'BatchMatMul' kernel on 'cuda' (cuBLAS strided-batched SGEMM). */
export const BatchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    return batchMatMulInfo(cudaBackendOf(backend), inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo, transposeA, transposeB);
  },
};
