import * as tf from '@tensorflow/tfjs-core';
import { type DropoutMaskAttributes, KERAS_DROPOUT_MASK, KERAS_RANDOM_UNIFORM, type RandomUniformAttributes } from '@keras-ts/backend-kit';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * KerasRandomUniform: float32 noise of `shape` in [minval, maxval), the values
 * `tf.randomUniform(…, seed)` draws, from the generator state backend-kit computes from the seed;
 * the per-element recurrence runs in C++ (native/random.cc) instead of a JavaScript loop.
 */
export const kerasRandomUniformConfig: tf.KernelConfig = {
  kernelName: KERAS_RANDOM_UNIFORM,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { shape, minval, maxval, c, s0, s1, s2 } = args.attrs as unknown as RandomUniformAttributes;
    const out = allocate('float32', tf.util.sizeFromShape(shape), false) as Float32Array;
    nativeAddon().randomUniform(out, minval, maxval, c, s0, s1, s2);
    return backend.output(shape, 'float32', out);
  },
};

/**
 * KerasDropoutMask: tf.dropout's multiplier ⌊u + keep⌋ / keep of `shape` for `rate`, from the same
 * generator state, drawn and mapped in one C++ pass (native/random.cc) instead of noise and three
 * elementwise kernels.
 */
export const kerasDropoutMaskConfig: tf.KernelConfig = {
  kernelName: KERAS_DROPOUT_MASK,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { shape, rate, c, s0, s1, s2 } = args.attrs as unknown as DropoutMaskAttributes;
    const out = allocate('float32', tf.util.sizeFromShape(shape), false) as Float32Array;
    nativeAddon().dropoutMask(out, rate, c, s0, s1, s2);
    return backend.output(shape, 'float32', out);
  },
};
