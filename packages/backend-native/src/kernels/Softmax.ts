import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Softmax over the last axis (the only axis tfjs's Softmax kernel accepts). */
export const softmaxConfig: tf.KernelConfig = {
  kernelName: tf.Softmax,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const logits = args.inputs.logits as tf.TensorInfo;
    if (logits.dtype !== 'float32') return cpuFallback(tf.Softmax, args);
    const rank = logits.shape.length;
    const { dim } = args.attrs as unknown as tf.SoftmaxAttrs;
    const axis = dim < 0 ? dim + rank : dim;
    if (axis !== rank - 1) throw new BackendError(`Softmax: only the last axis (${rank - 1}) is supported, got dim ${dim}; transpose first.`);
    const cols = logits.shape[rank - 1] ?? 1;
    const size = tf.util.sizeFromShape(logits.shape);
    const out = allocate('float32', size, false) as Float32Array;
    if (size > 0) nativeAddon().softmax(backend.values(logits) as Float32Array, out, size / cols, cols);
    return backend.output(logits.shape, 'float32', out);
  },
};
