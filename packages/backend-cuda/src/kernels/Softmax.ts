import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { castInfo, cudaBackendOf } from './kernel-utils.js';

/** The 'Softmax' kernel on 'cuda'. */
export const SoftmaxConfig: tf.KernelConfig = {
  kernelName: tf.Softmax,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const logits = inputs.logits as tf.TensorInfo;
    const rank = logits.shape.length;
    const { dim } = attrs as unknown as tf.SoftmaxAttrs;
    const axis = dim < 0 ? dim + rank : dim;
    if (axis !== rank - 1)
      throw new BackendError(`cuda Softmax: dim must be the last axis (${rank - 1} or -1), got ${dim}; transpose the axis to the end first.`);
    const input = castInfo(cuda, logits, 'float32');
    const out = cuda.makeOutput([...logits.shape], 'float32');
    const columns = (logits.shape[rank - 1] as number | undefined) ?? 1;
    const size = tf.util.sizeFromShape(logits.shape);
    if (size > 0) cuda.kernels.softmax(cuda.pointerOf(input), cuda.pointerOf(out), size / columns, columns);
    cuda.disposeIntermediate(input);
    return out;
  },
};
