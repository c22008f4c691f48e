import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { copyIntoRegion } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** PadV2: fills with the constant, then copies x into the interior. */
export const padV2Config: tf.KernelConfig = {
  kernelName: tf.PadV2,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.PadV2, args);
    const { paddings, constantValue } = args.attrs as unknown as tf.PadV2Attrs;
    if (paddings.length !== x.shape.length)
      throw new ShapeError(`PadV2: paddings must have one [before, after] pair per dimension of x [${x.shape}], got ${paddings.length}.`);
    const outShape = x.shape.map((dim, d) => (paddings[d]?.[0] ?? 0) + dim + (paddings[d]?.[1] ?? 0));
    const out = allocate(x.dtype, tf.util.sizeFromShape(outShape));
    if (constantValue !== 0) nativeAddon().fill(out, constantValue);
    copyIntoRegion(
      backend.values(x),
      x.shape,
      out,
      outShape,
      paddings.map((pair) => pair[0]),
    );
    return backend.output(outShape, x.dtype, out);
  },
};
