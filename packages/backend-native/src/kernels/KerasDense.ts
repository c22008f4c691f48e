import type * as tf from '@tensorflow/tfjs-core';
import { type DenseAttributes, KERAS_DENSE } from '@keras-ts/backend-kit';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * KerasDense: inputs `x` `[m, k]`, `kernel` `[k, n]`, optional `bias` `[n]` (float32); attribute
 * `activation` (one of backend-kit's `KERAS_DENSE_ACTIVATIONS`); output `activation(x · kernel + bias)`
 * `[m, n]`: one sgemm and one pass over the product, with the float32 results of MatMul, Add
 * and the activation kernel run one after another.
 */
export const kerasDenseConfig: tf.KernelConfig = {
  kernelName: KERAS_DENSE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, kernel, bias } = args.inputs as Record<'x' | 'kernel' | 'bias', tf.TensorInfo | undefined>;
    const { activation } = args.attrs as unknown as DenseAttributes;
    if (x === undefined || x.shape.length !== 2 || kernel === undefined || kernel.shape.length !== 2)
      throw new ShapeError(`${KERAS_DENSE}: x and kernel must be matrices, got x [${x?.shape ?? ''}] and kernel [${kernel?.shape ?? ''}].`);
    const [m, k] = x.shape as [number, number];
    const n = kernel.shape[1]!;
    requireFloat32Inputs(KERAS_DENSE, { x }, [m, k]);
    requireFloat32Inputs(KERAS_DENSE, { kernel }, [k, n]);
    if (bias !== undefined) requireFloat32Inputs(KERAS_DENSE, { bias }, [n]);
    const out = allocate('float32', m * n, false) as Float32Array;
    nativeAddon().denseForward(
      backend.values(x) as Float32Array,
      backend.values(kernel) as Float32Array,
      bias === undefined ? null : (backend.values(bias) as Float32Array),
      out,
      m,
      k,
      n,
      activation,
    );
    return backend.output([m, n], 'float32', out);
  },
};
