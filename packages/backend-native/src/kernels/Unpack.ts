import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { sliceHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Unpack (tf.unstack): one slice per index of the axis, with that axis removed. */
export const unpackConfig: tf.KernelConfig = {
  kernelName: tf.Unpack,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const value = args.inputs.value as tf.TensorInfo;
    if (!hostTyped(value)) return cpuFallback(tf.Unpack, args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.UnpackAttrs).axis, value.shape)[0] ?? 0;
    const count = value.shape[axis] ?? 0;
    const size = value.shape.map((dim, d) => (d === axis ? 1 : dim));
    const outShape = value.shape.filter((_, d) => d !== axis);
    const values = backend.values(value);
    return Array.from({ length: count }, (_, index) => {
      const begin = value.shape.map((_, d) => (d === axis ? index : 0));
      return backend.output(outShape, value.dtype, sliceHost(values, value.shape, begin, size, value.dtype));
    });
  },
};
