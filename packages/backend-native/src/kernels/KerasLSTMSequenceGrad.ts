import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_LSTM_SEQUENCE_GRAD, lstmWorkspaceWidth, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { sequenceDims } from './recurrent-sequence.js';

type Inputs = Record<'dSequence' | 'dLast' | 'dH' | 'dC' | 'x' | 'kernel' | 'recurrentKernel' | 'workspace', tf.TensorInfo | undefined>;

/**
 * KerasLSTMSequenceGrad: backpropagation through time of KerasLSTMSequence in one addon call.
 * Outputs `[dx, dKernel, dRecurrentKernel, dBias, dInitialH, dInitialC]`.
 */
export const kerasLSTMSequenceGradConfig: tf.KernelConfig = {
  kernelName: KERAS_LSTM_SEQUENCE_GRAD,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dSequence, dLast, dH, dC, x, kernel, recurrentKernel, workspace } = args.inputs as Inputs;
    const { goBackwards } = args.attrs as unknown as RecurrentSequenceAttributes;
    const dims = sequenceDims(KERAS_LSTM_SEQUENCE_GRAD, x, recurrentKernel, 4);
    const [batch, time, features, units] = dims as [number, number, number, number];
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE_GRAD, { kernel }, [features, 4 * units]);
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE_GRAD, { dSequence }, [batch, time, units]);
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE_GRAD, { dLast, dH, dC }, [batch, units]);
    requireFloat32Inputs(KERAS_LSTM_SEQUENCE_GRAD, { workspace }, [time, batch, lstmWorkspaceWidth(units)]);
    const values = (info: tf.TensorInfo | undefined) => backend.values(info!) as Float32Array;
    const dx = allocate('float32', batch * time * features, false) as Float32Array;
    const dKernel = allocate('float32', features * 4 * units, false) as Float32Array;
    const dRecurrent = allocate('float32', units * 4 * units, false) as Float32Array;
    const dBias = allocate('float32', 4 * units, false) as Float32Array;
    const dH0 = allocate('float32', batch * units, false) as Float32Array;
    const dC0 = allocate('float32', batch * units, false) as Float32Array;
    nativeAddon().lstmSequenceBackward(
      values(dSequence),
      values(dLast),
      values(dH),
      values(dC),
      values(x),
      values(kernel),
      values(recurrentKernel),
      values(workspace),
      dx,
      dKernel,
      dRecurrent,
      dBias,
      dH0,
      dC0,
      dims,
      goBackwards,
    );
    return [
      backend.output([batch, time, features], 'float32', dx),
      backend.output([features, 4 * units], 'float32', dKernel),
      backend.output([units, 4 * units], 'float32', dRecurrent),
      backend.output([4 * units], 'float32', dBias),
      backend.output([batch, units], 'float32', dH0),
      backend.output([batch, units], 'float32', dC0),
    ];
  },
};
