import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** AddN: the elementwise sum of same-shaped tensors (gradient accumulation). */
export const addNConfig: tf.KernelConfig = {
  kernelName: tf.AddN,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const tensors = Object.values(args.inputs) as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) throw new ValueError('AddN: expects at least one input tensor, got none.');
    if (tensors.some((t) => t.dtype !== first.dtype || (t.dtype !== 'float32' && t.dtype !== 'int32'))) return cpuFallback(tf.AddN, args);
    for (const t of tensors)
      if (!tf.util.arraysEqual(t.shape, first.shape)) throw new ShapeError(`AddN: every input must have shape [${first.shape}], got [${t.shape}].`);
    const out = allocate(first.dtype, tf.util.sizeFromShape(first.shape), false);
    nativeAddon().addN(
      tensors.map((t) => backend.values(t)),
      out,
    );
    return backend.output(first.shape, first.dtype, out);
  },
};
