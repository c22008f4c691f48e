import * as tf from '@tensorflow/tfjs-core';
import { keepsElementOrder } from '@keras-ts/backend-kit';
import { ValueError } from '@keras-ts/common';
import { BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { transposeHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Transpose by `perm`: a view of the same host array when only length-1 axes move (as Reshape), else a strided copy. */
export const transposeConfig: tf.KernelConfig = {
  kernelName: tf.Transpose,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.Transpose, args);
    const { perm } = args.attrs as unknown as tf.TransposeAttrs;
    if (perm.length !== x.shape.length || [...perm].sort((p, q) => p - q).some((axis, i) => axis !== i))
      throw new ValueError(`Transpose: perm [${perm}] must be a permutation of 0..${x.shape.length - 1} for shape [${x.shape}].`);
    if (keepsElementOrder(x.shape, perm))
      return backend.alias(
        x,
        perm.map((axis) => x.shape[axis]!),
      );
    const { values, shape } = transposeHost(backend.values(x), x.shape, perm, x.dtype);
    return backend.output(shape, x.dtype, values);
  },
};
