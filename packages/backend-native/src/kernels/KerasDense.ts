import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * The name of the fused Dense kernel. @keras-ts/layers' Dense dispatches it (by this name,
 * through the kernel registry, with its own registered gradient) when the active backend
 * registers it and its activation is one of {@link KERAS_DENSE_ACTIVATIONS}; the two
 * spellings must stay equal.
 */
export const KERAS_DENSE = 'KerasDense';

/** The name of the kernel computing the activation's derivative and the bias gradient of {@link KERAS_DENSE}. */
export const KERAS_DENSE_ACTIVATION_GRAD = 'KerasDenseActivationGrad';

/** The activations the fused Dense kernels implement. */
export const KERAS_DENSE_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;

/**
 * KerasDense: inputs `x` `[m, k]`, `kernel` `[k, n]`, optional `bias` `[n]` (float32); attribute
 * `activation` (one of {@link KERAS_DENSE_ACTIVATIONS}); output `activation(x · kernel + bias)`
 * `[m, n]`: one sgemm and one pass over the product, with the float32 results of MatMul, Add
 * and the activation kernel run one after another.
 */
export const kerasDenseConfig: tf.KernelConfig = {
  kernelName: KERAS_DENSE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, kernel, bias } = args.inputs as Record<'x' | 'kernel' | 'bias', tf.TensorInfo | undefined>;
    const { activation } = args.attrs as { activation: string };
    if (x === undefined || x.shape.length !== 2 || kernel === undefined || kernel.shape.length !== 2)
      throw new ShapeError(`${KERAS_DENSE}: x and kernel must be matrices, got x [${x?.shape ?? ''}] and kernel [${kernel?.shape ?? ''}].`);
    const [m, k] = x.shape as [number, number];
    const n = kernel.shape[1]!;
    requireFloat32Inputs(KERAS_DENSE, { x }, [m, k]);
    requireFloat32Inputs(KERAS_DENSE, { kernel }, [k, n]);
    if (bias !== undefined) requireFloat32Inputs(KERAS_DENSE, { bias }, [n]);
    const out = allocate('float32', m * n, false) as Float32Array;
    nativeAddon().denseForward(
      backend.values(x) as Float32Array, backend.values(kernel) as Float32Array,
      bias === undefined ? null : (backend.values(bias) as Float32Array), out, m, k, n, activation,
    );
    return backend.output([m, n], 'float32', out);
  },
};

/**
 * KerasDenseActivationGrad: inputs `dy` and `y` (the layer's output), both `[m, n]` float32;
 * attributes `activation` and `withBias`. Outputs `dz`, the gradient reaching `x · kernel + bias`
 * (as the activation's registered tfjs gradient computes it from `y`), and, when `withBias`,
 * `db` `[n]`, the column sums of `dz`.
 */
export const kerasDenseActivationGradConfig: tf.KernelConfig = {
  kernelName: KERAS_DENSE_ACTIVATION_GRAD,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, y } = args.inputs as Record<'dy' | 'y', tf.TensorInfo | undefined>;
    const { activation, withBias } = args.attrs as { activation: string; withBias: boolean };
    if (y === undefined || y.shape.length !== 2)
      throw new ShapeError(`${KERAS_DENSE_ACTIVATION_GRAD}: y must be a matrix, got [${y?.shape ?? ''}].`);
    const [m, n] = y.shape as [number, number];
    requireFloat32Inputs(KERAS_DENSE_ACTIVATION_GRAD, { y, dy }, [m, n]);
    const dz = allocate('float32', m * n, false) as Float32Array;
    const db = withBias ? (allocate('float32', n, false) as Float32Array) : null;
    nativeAddon().denseActivationGrad(backend.values(dy!) as Float32Array, backend.values(y) as Float32Array, dz, db, m, n, activation);
    const dzInfo = backend.output([m, n], 'float32', dz);
    return db === null ? [dzInfo] : [dzInfo, backend.output([n], 'float32', db)];
  },
};
