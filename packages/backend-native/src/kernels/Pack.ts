import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { copyIntoRegion } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Pack (tf.stack): each input becomes one index of a new axis. */
export const packConfig: tf.KernelConfig = {
  kernelName: tf.Pack,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const tensors = Object.values(args.inputs) as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) throw new ValueError('Pack: expects at least one input tensor, got none.');
    if (!hostTyped(...tensors) || tensors.some((t) => t.dtype !== first.dtype)) return cpuFallback(tf.Pack, args);
    for (const t of tensors)
      if (!tf.util.arraysEqual(t.shape, first.shape)) throw new ShapeError(`Pack: every input must have shape [${first.shape}], got [${t.shape}].`);
    const rank = first.shape.length;
    const { axis } = args.attrs as unknown as tf.PackAttrs;
    const $axis = axis < 0 ? axis + rank + 1 : axis;
    const expanded = [...first.shape.slice(0, $axis), 1, ...first.shape.slice($axis)];
    const outShape = [...first.shape.slice(0, $axis), tensors.length, ...first.shape.slice($axis)];
    const out = allocate(first.dtype, tf.util.sizeFromShape(outShape));
    tensors.forEach((t, index) => {
      const begin = outShape.map((_, d) => (d === $axis ? index : 0));
      copyIntoRegion(backend.values(t), expanded, out, outShape, begin);
    });
    return backend.output(outShape, first.dtype, out);
  },
};
