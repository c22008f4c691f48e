import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_LSTM_SEQUENCE, lstmWorkspaceWidth, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { sequenceDims } from './recurrent-sequence.js';

type Inputs = Record<'x' | 'kernel' | 'recurrentKernel' | 'bias' | 'initialH' | 'initialC' | 'mask', tf.TensorInfo | undefined>;

/**
 * KerasLSTMSequence: a Keras 3 LSTM over every time step in one addon call (per block of time
 * steps one sgemm for x·W; per step one small sgemm for h·U and one gate pass). Outputs
 * `[sequence, lastOutput, h, c, workspace]` as backend-kit's `fusedLSTMSequence` declares,
 * the workspace in this backend's layout, time-major: `[time, batch, width]` (a time step's rows
 * contiguous; only this backend's gradient kernel reads it).
 */
export const kerasLSTMSequenceConfig: tf.KernelConfig = {
  kernelName: KERAS_LSTM_SEQUENCE,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, kernel, recurrentKernel, bias, initialH, initialC, mask } = args.inputs as Inputs;
    const { goBackwards } = args.attrs as unknown as RecurrentSequenceAttributes;
    const dims = sequenceDims(KERAS_LSTM_SEQUENCE, x, recurrentKernel, 4);
    const [batch, time, features, units] = dims as [number, number, number, number];
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE, { kernel }, [features, 4 * units]);
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE, { initialH, initialC }, [batch, units]);
    if (bias !== undefined) requireFloat32Inputs(KERAS_LSTM_SEQUENCE, { bias }, [4 * units]);
    if (mask !== undefined) requireFloat32Inputs(KERAS_LSTM_SEQUENCE, { mask }, [batch, time]);
    const values = (info: tf.TensorInfo | undefined) => (info === undefined ? null : (backend.values(info) as Float32Array));
    const width = lstmWorkspaceWidth(units);
    const sequence = allocate('float32', batch * time * units, false) as Float32Array;
    const last = allocate('float32', batch * units, false) as Float32Array;
    const h = allocate('float32', batch * units, false) as Float32Array;
    const c = allocate('float32', batch * units, false) as Float32Array;
    const workspace = allocate('float32', batch * time * width, false) as Float32Array;
    nativeAddon().lstmSequenceForward(
      values(x)!,
      values(kernel)!,
      values(recurrentKernel)!,
      values(bias),
      values(initialH)!,
      values(initialC)!,
      values(mask),
      sequence,
      last,
      h,
      c,
      workspace,
      dims,
      goBackwards,
    );
    return [
      backend.output([batch, time, units], 'float32', sequence),
      backend.output([batch, units], 'float32', last),
      backend.output([batch, units], 'float32', h),
      backend.output([batch, units], 'float32', c),
      backend.output([time, batch, width], 'float32', workspace),
    ];
  },
};
