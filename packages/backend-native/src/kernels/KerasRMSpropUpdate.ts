import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_RMSPROP_UPDATE, type RMSpropUpdateAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * KerasRMSpropUpdate: plain RMSprop (no momentum, not centered) for one float32 variable.
 * Inputs `variable`, `velocity`, `gradient` (one shape); outputs `[newVelocity, newVariable]`:
 * `v' = v·rho + g²·(1 − rho)`, `w' = w − g·lr / sqrt(v' + epsilon)`, computed with the same
 * float32 operations, in the same order, as the unfused op chain. Where nothing but the input
 * tensor refers to the variable's (or velocity's) data, the update overwrites it and the output
 * shares it.
 */
export const kerasRMSpropUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_RMSPROP_UPDATE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { variable, velocity, gradient } = args.inputs as Record<'variable' | 'velocity' | 'gradient', tf.TensorInfo>;
    requireFloat32Inputs(KERAS_RMSPROP_UPDATE, { variable, velocity, gradient }, variable?.shape ?? [], {
      expected: `shaped like the variable [${variable?.shape}]`,
      hint: 'Use the unfused ops for other dtypes.',
    });
    const { rho, epsilon, learningRate } = args.attrs as unknown as RMSpropUpdateAttributes;
    const size = backend.values(variable).length;
    // The optimizer assigns the outputs to the variable and its slot right away; when nothing
    // else can see their data, the update writes it in place (half the memory traffic) and the
    // outputs share it, as a Reshape output shares its input's.
    const distinct = variable.dataId !== velocity.dataId && variable.dataId !== gradient.dataId && velocity.dataId !== gradient.dataId;
    const inPlace = (info: tf.TensorInfo) => distinct && backend.overwritable(info);
    const variableInPlace = inPlace(variable);
    const velocityInPlace = inPlace(velocity);
    const newVelocity = velocityInPlace ? (backend.values(velocity) as Float32Array) : (allocate('float32', size, false) as Float32Array);
    const newVariable = variableInPlace ? (backend.values(variable) as Float32Array) : (allocate('float32', size, false) as Float32Array);
    nativeAddon().rmspropUpdate(
      backend.values(variable) as Float32Array,
      backend.values(velocity) as Float32Array,
      backend.values(gradient) as Float32Array,
      newVariable,
      newVelocity,
      rho,
      epsilon,
      learningRate,
    );
    return [
      velocityInPlace ? backend.alias(velocity, velocity.shape) : backend.output(variable.shape, 'float32', newVelocity),
      variableInPlace ? backend.alias(variable, variable.shape) : backend.output(variable.shape, 'float32', newVariable),
    ];
  },
};
