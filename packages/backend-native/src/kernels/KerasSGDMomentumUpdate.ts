import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_SGD_MOMENTUM_UPDATE, type SGDMomentumUpdateAttributes } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * KerasSGDMomentumUpdate: SGD with momentum (optionally Nesterov) for one float32 variable, in one
 * pass. Inputs `variable`, `velocity`, `gradient` (one shape) and the scalar `learningRate`;
 * outputs `[newVelocity, newVariable]`: `v' = v·momentum − g·lr`, `w' = w + v'` (Nesterov:
 * `w + (v'·momentum − g·lr)`), with the op chain's float32 operations in its order. Where nothing
 * but the input tensor refers to the variable's (or velocity's) data, the update overwrites it.
 */
export const kerasSGDMomentumUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_SGD_MOMENTUM_UPDATE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { learningRate, ...tensors } = args.inputs as Record<'variable' | 'velocity' | 'gradient' | 'learningRate', tf.TensorInfo>;
    const { variable, velocity, gradient } = tensors;
    requireFloat32Inputs(KERAS_SGD_MOMENTUM_UPDATE, tensors, variable?.shape ?? [], {
      expected: `shaped like the variable [${variable?.shape}]`,
      hint: 'Use the unfused ops for other dtypes.',
    });
    if (learningRate === undefined || learningRate.dtype !== 'float32' || learningRate.shape.length !== 0) {
      throw new BackendError(
        `${KERAS_SGD_MOMENTUM_UPDATE}: input 'learningRate' must be a float32 scalar, got ${learningRate === undefined ? 'nothing' : `${learningRate.dtype} [${learningRate.shape}]`}. Pass the rate as tf.scalar(value).`,
      );
    }
    const { momentum, nesterov } = args.attrs as unknown as SGDMomentumUpdateAttributes;
    const size = backend.values(variable).length;
    // As KerasRMSpropUpdate: in place when nothing else can see the data the optimizer reassigns.
    const distinct = variable.dataId !== velocity.dataId && variable.dataId !== gradient.dataId && velocity.dataId !== gradient.dataId;
    const variableInPlace = distinct && backend.overwritable(variable);
    const velocityInPlace = distinct && backend.overwritable(velocity);
    const newVelocity = velocityInPlace ? (backend.values(velocity) as Float32Array) : (allocate('float32', size, false) as Float32Array);
    const newVariable = variableInPlace ? (backend.values(variable) as Float32Array) : (allocate('float32', size, false) as Float32Array);
    nativeAddon().sgdMomentumUpdate(
      backend.values(variable) as Float32Array,
      backend.values(velocity) as Float32Array,
      backend.values(gradient) as Float32Array,
      newVariable,
      newVelocity,
      momentum,
      nesterov,
      // The scalar's data itself, read by the addon at the call (so a recorded program reads each step's value).
      backend.values(learningRate) as Float32Array,
    );
    return [
      velocityInPlace ? backend.alias(velocity, velocity.shape) : backend.output(variable.shape, 'float32', newVelocity),
      variableInPlace ? backend.alias(variable, variable.shape) : backend.output(variable.shape, 'float32', newVariable),
    ];
  },
};
