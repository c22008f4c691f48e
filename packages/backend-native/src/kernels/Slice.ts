import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { sliceHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * Slice: the box [begin, begin + size). A box that is one contiguous run of the input (whole
 * rows of a batch, or the whole tensor) becomes a view of the input's array, as
 * tfjs-backend-cpu does, so batching a dataset copies nothing; other boxes are copied.
 * Kernels never write to their inputs, so sharing is safe (and the buffer pool never
 * recycles an array a view shares).
 */
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
    const values = backend.values(x);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
      const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
      return backend.output(size, x.dtype, values.subarray(offset, offset + tf.util.sizeFromShape(size)));
    }
    return backend.output(size, x.dtype, sliceHost(values, x.shape, begin, size, x.dtype));
  },
};
