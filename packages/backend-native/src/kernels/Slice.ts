import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { sliceHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Slice: copies the box [begin, begin + size). */
export const sliceConfig: tf.KernelConfig = {
  kernelName: tf.Slice,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.Slice, args);
    const attrs = args.attrs as unknown as tf.SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    tf.slice_util.assertParamsValid(x, begin, size);
    return backend.output(size, x.dtype, sliceHost(backend.values(x), x.shape, begin, size, x.dtype));
  },
};
