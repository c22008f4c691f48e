import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Select (tf.where): picks t where the condition holds, else e (a rank-1 condition picks rows). */
export const selectConfig: tf.KernelConfig = {
  kernelName: tf.Select,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { condition, t, e } = args.inputs as { condition: tf.TensorInfo; t: tf.TensorInfo; e: tf.TensorInfo };
    if (!hostTyped(t, e) || condition.dtype !== 'bool' || t.dtype !== e.dtype) return cpuFallback(tf.Select, args);
    const size = tf.util.sizeFromShape(t.shape);
    const conditionSize = tf.util.sizeFromShape(condition.shape);
    const rowPick = condition.shape.length === 1 && t.shape.length > 1 && conditionSize === t.shape[0];
    if (!tf.util.arraysEqual(t.shape, e.shape) || (!rowPick && conditionSize !== size))
      throw new ShapeError(`Select: condition [${condition.shape}], t [${t.shape}] and e [${e.shape}] must have matching shapes.`);
    const out = allocate(t.dtype, size, false);
    nativeAddon().select(backend.values(condition) as Uint8Array, backend.values(t), backend.values(e), out);
    return backend.output(t.shape, t.dtype, out);
  },
};
