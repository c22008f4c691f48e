import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { sliceHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** SplitV: one slice per part along the axis. */
export const splitVConfig: tf.KernelConfig = {
  kernelName: tf.SplitV,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.SplitV, args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0] ?? 0;
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
    const values = backend.values(x);
    let start = 0;
    return sizes.map((part) => {
      const begin = x.shape.map((_, d) => (d === $axis ? start : 0));
      const size = x.shape.map((dim, d) => (d === $axis ? part : dim));
      start += part;
      return backend.output(size, x.dtype, sliceHost(values, x.shape, begin, size, x.dtype));
    });
  },
};
