import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** GatherV2 (batchDims 0): copies the rows of x named by indices along `axis`. */
export const gatherV2Config: tf.KernelConfig = {
  kernelName: tf.GatherV2,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
    if ((batchDims ?? 0) !== 0 || indices.dtype !== 'int32' || !hostTyped(x)) return cpuFallback(tf.GatherV2, args);
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0] ?? 0;
    const outer = tf.util.sizeFromShape(x.shape.slice(0, $axis));
    const axisSize = x.shape[$axis] ?? 1;
    const inner = tf.util.sizeFromShape(x.shape.slice($axis + 1));
    const outShape = [...x.shape.slice(0, $axis), ...indices.shape, ...x.shape.slice($axis + 1)];
    // The addon writes every element (a whole slice per index): no zero fill first.
    const out = allocate(x.dtype, tf.util.sizeFromShape(outShape), false);
    nativeAddon().gather(backend.values(x), backend.values(indices) as Int32Array, out, outer, axisSize, inner);
    return backend.output(outShape, x.dtype, out);
  },
};
