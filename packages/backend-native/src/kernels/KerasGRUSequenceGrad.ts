import type * as tf from '@tensorflow/tfjs-core';
import { gruWorkspaceWidth, KERAS_GRU_SEQUENCE_GRAD, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, requireFloat32Inputs } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { sequenceDims } from './recurrent-sequence.js';

type Inputs = Record<'dSequence' | 'dLast' | 'dH' | 'x' | 'kernel' | 'recurrentKernel' | 'workspace', tf.TensorInfo | undefined>;

/**
 * KerasGRUSequenceGrad: backpropagation through time of KerasGRUSequence in one addon call.
 * Outputs `[dx, dKernel, dRecurrentKernel, dBias ([2, 3·units]), dInitialH]`.
 */
export const kerasGRUSequenceGradConfig: tf.KernelConfig = {
  kernelName: KERAS_GRU_SEQUENCE_GRAD,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dSequence, dLast, dH, x, kernel, recurrentKernel, workspace } = args.inputs as Inputs;
    const { goBackwards } = args.attrs as unknown as RecurrentSequenceAttributes;
    const dims = sequenceDims(KERAS_GRU_SEQUENCE_GRAD, x, recurrentKernel, 3);
    const [batch, time, features, units] = dims as [number, number, number, number];
    requireFloat32Inputs(KERAS_GRU_SEQUENCE_GRAD, { kernel }, [features, 3 * units]);
    requireFloat32Inputs(KERAS_GRU_SEQUENCE_GRAD, { dSequence }, [batch, time, units]);
    requireFloat32Inputs(KERAS_GRU_SEQUENCE_GRAD, { dLast, dH }, [batch, units]);
    requireFloat32Inputs(KERAS_GRU_SEQUENCE_GRAD, { workspace }, [time, batch, gruWorkspaceWidth(units)]);
    const values = (info: tf.TensorInfo | undefined) => backend.values(info!) as Float32Array;
    const dx = allocate('float32', batch * time * features, false) as Float32Array;
    const dKernel = allocate('float32', features * 3 * units, false) as Float32Array;
    const dRecurrent = allocate('float32', units * 3 * units, false) as Float32Array;
    const dBias = allocate('float32', 6 * units, false) as Float32Array;
    const dH0 = allocate('float32', batch * units, false) as Float32Array;
    nativeAddon().gruSequenceBackward(
      values(dSequence),
      values(dLast),
      values(dH),
      values(x),
      values(kernel),
      values(recurrentKernel),
      values(workspace),
      dx,
      dKernel,
      dRecurrent,
      dBias,
      dH0,
      dims,
      goBackwards,
    );
    return [
      backend.output([batch, time, features], 'float32', dx),
      backend.output([features, 3 * units], 'float32', dKernel),
      backend.output([units, 3 * units], 'float32', dRecurrent),
      backend.output([2, 3 * units], 'float32', dBias),
      backend.output([batch, units], 'float32', dH0),
    ];
  },
};
