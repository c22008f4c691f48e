import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { cudaBackendOf, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'Tile' kernel on 'cuda'. */
export const TileConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { reps } = attrs as unknown as tf.TileAttrs;
    if (x.shape.length > 6)
      throw new BackendError(`cuda Tile: rank ${x.shape.length} exceeds the kernel limit of 6; reshape the input to at most 6 dimensions.`);
    const outShape = x.shape.map((d, k) => d * (reps[k] as number));
    return stridedCopy(cuda, x, outShape, stridesOf(x.shape), 0, x.shape);
  },
};
