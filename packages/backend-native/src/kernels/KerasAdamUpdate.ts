import type * as tf from '@tensorflow/tfjs-core';
import { type AdamUpdateAttributes, KERAS_ADAM_UPDATE } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

type AdamInputName = 'variable' | 'momentum' | 'velocity' | 'gradient';

/**
 * KerasAdamUpdate: Adam without AMSGrad for one float32 variable, in one pass. Inputs `variable`,
 * `momentum`, `velocity`, `gradient` (one shape) and the scalar `alpha`; outputs
 * `[newMomentum, newVelocity, newVariable]`: `m' = m + (g − m)·(1 − beta1)`,
 * `v' = v + (g² − v)·(1 − beta2)`, `w' = w − m'·alpha / (sqrt(v') + epsilon)`, with the same float32
 * operations, in the same order, as the unfused op chain. Where nothing but the input tensor
 * refers to the variable's (or a slot's) data, the update overwrites it and the output shares it.
 */
export const kerasAdamUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_ADAM_UPDATE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { alpha, ...tensors } = args.inputs as Record<AdamInputName | 'alpha', tf.TensorInfo>;
    const { variable, momentum, velocity, gradient } = tensors;
    requireFloat32Inputs(KERAS_ADAM_UPDATE, tensors, variable?.shape ?? [], {
      expected: `shaped like the variable [${variable?.shape}]`,
      hint: 'Use the unfused ops for other dtypes.',
    });
    if (alpha === undefined || alpha.dtype !== 'float32' || alpha.shape.length !== 0) {
      throw new BackendError(
        `${KERAS_ADAM_UPDATE}: input 'alpha' must be a float32 scalar, got ${alpha === undefined ? 'nothing' : `${alpha.dtype} [${alpha.shape}]`}. Pass the step size as tf.scalar(value).`,
      );
    }
    const { beta1, beta2, epsilon } = args.attrs as unknown as AdamUpdateAttributes;
    const size = backend.values(variable).length;
    // The optimizer assigns the outputs to the variable and its slots right away; when nothing
    // else can see their data, the update writes it in place and the outputs share it.
    const ids = [variable, momentum, velocity, gradient].map((info) => info.dataId);
    const distinct = new Set(ids).size === ids.length;
    const inPlace = (info: tf.TensorInfo): boolean => distinct && backend.overwritable(info);
    const [variableInPlace, momentumInPlace, velocityInPlace] = [inPlace(variable), inPlace(momentum), inPlace(velocity)];
    const target = (info: tf.TensorInfo, overwrite: boolean): Float32Array =>
      overwrite ? (backend.values(info) as Float32Array) : (allocate('float32', size, false) as Float32Array);
    const newVariable = target(variable, variableInPlace);
    const newMomentum = target(momentum, momentumInPlace);
    const newVelocity = target(velocity, velocityInPlace);
    nativeAddon().adamUpdate(
      backend.values(variable) as Float32Array,
      backend.values(momentum) as Float32Array,
      backend.values(velocity) as Float32Array,
      backend.values(gradient) as Float32Array,
      newVariable,
      newMomentum,
      newVelocity,
      beta1,
      beta2,
      epsilon,
      // The scalar's data itself, read by the addon at the call (so a recorded program reads each step's value).
      backend.values(alpha) as Float32Array,
    );
    const output = (info: tf.TensorInfo, overwrite: boolean, values: Float32Array): tf.TensorInfo =>
      overwrite ? backend.alias(info, info.shape) : backend.output(variable.shape, 'float32', values);
    return [output(momentum, momentumInPlace, newMomentum), output(velocity, velocityInPlace, newVelocity), output(variable, variableInPlace, newVariable)];
  },
};
