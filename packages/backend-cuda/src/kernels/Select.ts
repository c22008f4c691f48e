import * as tf from '@tensorflow/tfjs-core';
import { castInfo, cudaBackendOf } from './kernel-utils.js';

/** The 'Select' kernel on 'cuda'. */
export const SelectConfig: tf.KernelConfig = {
  kernelName: tf.Select,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    void attrs;
    const condition = inputs.condition as tf.TensorInfo;
    const onTrue = inputs.t as tf.TensorInfo;
    const onFalse = inputs.e as tf.TensorInfo;
    const dtype = tf.upcastType(onTrue.dtype, onFalse.dtype);
    const left = castInfo(cuda, onTrue, dtype);
    const right = castInfo(cuda, onFalse, dtype);
    const out = cuda.makeOutput([...onTrue.shape], dtype);
    const size = tf.util.sizeFromShape(onTrue.shape);
    const conditionSize = tf.util.sizeFromShape(condition.shape);
    if (size > 0) cuda.kernels.select(cuda.pointerOf(condition), cuda.pointerOf(left), cuda.pointerOf(right), cuda.pointerOf(out), size, conditionSize);
    cuda.disposeIntermediate(left);
    cuda.disposeIntermediate(right);
    return out;
  },
};
