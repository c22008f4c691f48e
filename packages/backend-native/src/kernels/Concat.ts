import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { copyIntoRegion } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Concat along one axis: each input is copied into its slab of the output. */
export const concatConfig: tf.KernelConfig = {
  kernelName: tf.Concat,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const tensors = Object.values(args.inputs) as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) throw new ValueError('Concat: expects at least one input tensor, got none.');
    if (!hostTyped(...tensors) || tensors.some((t) => t.dtype !== first.dtype)) return cpuFallback(tf.Concat, args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.ConcatAttrs).axis, first.shape)[0] ?? 0;
    const shapes = tensors.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, axis);
    const outShape = tf.backend_util.computeOutShape(shapes, axis);
    const out = allocate(first.dtype, tf.util.sizeFromShape(outShape));
    let start = 0;
    for (const t of tensors) {
      const begin = outShape.map((_, d) => (d === axis ? start : 0));
      copyIntoRegion(backend.values(t), t.shape, out, outShape, begin);
      start += t.shape[axis] ?? 0;
    }
    return backend.output(outShape, first.dtype, out);
  },
};
