import type * as tf from '@tensorflow/tfjs-core';
import { gruWorkspaceWidth, KERAS_GRU_SEQUENCE, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { sequenceDims } from './recurrent-sequence.js';

type Inputs = Record<'x' | 'kernel' | 'recurrentKernel' | 'bias' | 'initialH' | 'mask', tf.TensorInfo | undefined>;

/**
 * KerasGRUSequence: a Keras 3 GRU (resetAfter) over every time step in one addon call. Outputs
 * `[sequence, lastOutput, h, workspace]` as backend-kit's `fusedGRUSequence` declares,
 * the workspace in this backend's layout, time-major: `[time, batch, width]` (a time step's rows
 * contiguous; only this backend's gradient kernel reads it).
 */
export const kerasGRUSequenceConfig: tf.KernelConfig = {
  kernelName: KERAS_GRU_SEQUENCE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, kernel, recurrentKernel, bias, initialH, mask } = args.inputs as Inputs;
    const { goBackwards } = args.attrs as unknown as RecurrentSequenceAttributes;
    const dims = sequenceDims(KERAS_GRU_SEQUENCE, x, recurrentKernel, 3);
    const [batch, time, features, units] = dims as [number, number, number, number];
    requireFloat32Inputs(KERAS_GRU_SEQUENCE, { kernel }, [features, 3 * units]);
    requireFloat32Inputs(KERAS_GRU_SEQUENCE, { initialH }, [batch, units]);
    if (bias !== undefined) requireFloat32Inputs(KERAS_GRU_SEQUENCE, { bias }, [2, 3 * units]);
    if (mask !== undefined) requireFloat32Inputs(KERAS_GRU_SEQUENCE, { mask }, [batch, time]);
    const values = (info: tf.TensorInfo | undefined) => (info === undefined ? null : (backend.values(info) as Float32Array));
    const width = gruWorkspaceWidth(units);
    const sequence = allocate('float32', batch * time * units, false) as Float32Array;
    const last = allocate('float32', batch * units, false) as Float32Array;
    const h = allocate('float32', batch * units, false) as Float32Array;
    const workspace = allocate('float32', batch * time * width, false) as Float32Array;
    nativeAddon().gruSequenceForward(
      values(x)!,
      values(kernel)!,
      values(recurrentKernel)!,
      values(bias),
      values(initialH)!,
      values(mask),
      sequence,
      last,
      h,
      workspace,
      dims,
      goBackwards,
    );
    return [
      backend.output([batch, time, units], 'float32', sequence),
      backend.output([batch, units], 'float32', last),
      backend.output([batch, units], 'float32', h),
      backend.output([time, batch, width], 'float32', workspace),
    ];
  },
};
