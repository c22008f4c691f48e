import type * as tf from '@tensorflow/tfjs-core';
import { type DenseAttributes, KERAS_DENSE_ACTIVATION_GRAD } from '@keras-ts/backend-kit';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

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
    const { activation, withBias } = args.attrs as unknown as DenseAttributes;
    if (y === undefined || y.shape.length !== 2) throw new ShapeError(`${KERAS_DENSE_ACTIVATION_GRAD}: y must be a matrix, got [${y?.shape ?? ''}].`);
    const [m, n] = y.shape as [number, number];
    requireFloat32Inputs(KERAS_DENSE_ACTIVATION_GRAD, { y, dy }, [m, n]);
    const dz = allocate('float32', m * n, false) as Float32Array;
    const db = withBias ? (allocate('float32', n, false) as Float32Array) : null;
    nativeAddon().denseActivationGrad(backend.values(dy!) as Float32Array, backend.values(y) as Float32Array, dz, db, m, n, activation);
    const dzInfo = backend.output([m, n], 'float32', dz);
    return db === null ? [dzInfo] : [dzInfo, backend.output([n], 'float32', db)];
  },
};
