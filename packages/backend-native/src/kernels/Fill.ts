import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Fill: a new tensor of `shape` holding `value`. */
export const fillConfig: tf.KernelConfig = {
  kernelName: tf.Fill,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { shape, value, dtype } = args.attrs as unknown as tf.FillAttrs;
    const outDtype = dtype ?? tf.util.inferDtype(value);
    if (outDtype === 'string' || outDtype === 'complex64') return cpuFallback(tf.Fill, args);
    const out = allocate(outDtype, tf.util.sizeFromShape(shape));
    nativeAddon().fill(out, Number(value));
    return backend.output(shape, outDtype, out);
  },
};
