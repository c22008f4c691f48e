import * as tf from '@tensorflow/tfjs-core';
import { castInfo, cudaBackendOf, deviceTypeOf } from './kernel-utils.js';

/** The 'OneHot' kernel on 'cuda'. */
export const OneHotConfig: tf.KernelConfig = {
  kernelName: tf.OneHot,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const indices = inputs.indices as tf.TensorInfo;
    const { depth, onValue, offValue, dtype } = attrs as unknown as tf.OneHotAttrs;
    const outDtype: tf.DataType = dtype ?? 'int32';
    const ids = castInfo(cuda, indices, 'int32');
    const computeDtype: tf.DataType = outDtype === 'float32' ? 'float32' : 'int32';
    const out = cuda.makeOutput([...indices.shape, depth], outDtype === 'bool' ? 'bool' : computeDtype);
    const size = tf.util.sizeFromShape(indices.shape) * depth;
    cuda.kernels.oneHot(deviceTypeOf(computeDtype), cuda.pointerOf(ids), cuda.pointerOf(out), size, depth, onValue, offValue);
    cuda.disposeIntermediate(ids);
    return out;
  },
};
