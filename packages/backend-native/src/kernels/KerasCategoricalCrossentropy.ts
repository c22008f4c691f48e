import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_CATEGORICAL_CROSSENTROPY } from '@keras-ts/backend-kit';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { nativeAddon } from '../addon/load.js';
import { rowCount } from './crossentropy-rows.js';

/**
 * KerasCategoricalCrossentropy: inputs `yTrue`, `yPred` (float32, one shape `[…, classes]`);
 * output `[…]`: `−Σ yTrue · log(clip(yPred / Σ yPred, 1e-7, 1 − 1e-7))` over the last axis, with
 * the float32 roundings of the unfused op chain (computed in C++, native/crossentropy.cc).
 */
export const kerasCategoricalCrossentropyConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { yTrue, yPred } = args.inputs as Record<'yTrue' | 'yPred', tf.TensorInfo>;
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue, yPred }, yPred?.shape ?? []);
    const classes = yPred.shape[yPred.shape.length - 1] ?? 1;
    const target = backend.values(yTrue) as Float32Array;
    const prediction = backend.values(yPred) as Float32Array;
    const rows = rowCount(yPred.shape);
    const out = allocate('float32', rows, false) as Float32Array;
    nativeAddon().categoricalCrossentropy(target, prediction, out, rows, classes);
    return backend.output(yPred.shape.slice(0, -1), 'float32', out);
  },
};
