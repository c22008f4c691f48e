import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_CATEGORICAL_CROSSENTROPY_GRAD } from '@keras-ts/backend-kit';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { nativeAddon } from '../addon/load.js';
import { rowCount } from './crossentropy-rows.js';

/**
 * KerasCategoricalCrossentropyGrad: inputs `dy` (`[…]`), `yTrue`, `yPred` (`[…, classes]`);
 * outputs `[dyTrue, dyPred]`, the gradients the unfused op chain's autodiff produces (the clip
 * passes gradient only inside its bounds; the renormalization's quotient rule is applied), computed
 * in C++ (native/crossentropy.cc).
 */
export const kerasCategoricalCrossentropyGradConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, yTrue, yPred } = args.inputs as Record<'dy' | 'yTrue' | 'yPred', tf.TensorInfo>;
    const shape = yPred?.shape ?? [];
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { yTrue, yPred }, shape);
    requireFloat32Inputs(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy }, shape.slice(0, -1));
    const classes = shape[shape.length - 1] ?? 1;
    const upstream = backend.values(dy) as Float32Array;
    const target = backend.values(yTrue) as Float32Array;
    const prediction = backend.values(yPred) as Float32Array;
    const size = prediction.length;
    const dTrue = allocate('float32', size, false) as Float32Array;
    const dPred = allocate('float32', size, false) as Float32Array;
    const rows = rowCount(shape);
    nativeAddon().categoricalCrossentropyGrad(upstream, target, prediction, dTrue, dPred, rows, classes);
    return [backend.output(shape, 'float32', dTrue), backend.output(shape, 'float32', dPred)];
  },
};
