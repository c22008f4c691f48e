import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped, stridesOf } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/**
 * Tile by `reps`: viewed as shape [r0, d0, r1, d1, ...], the output is x broadcast along
 * the r axes (stride 0), so one strided copy writes it.
 */
export const tileConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.Tile, args);
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (reps.length !== x.shape.length) throw new ShapeError(`Tile: reps [${reps}] must have one entry per dimension of x [${x.shape}].`);
    const outShape = x.shape.map((dim, d) => dim * (reps[d] ?? 1));
    const out = allocate(x.dtype, tf.util.sizeFromShape(outShape));
    if (out.length > 0) {
      const xStrides = stridesOf(x.shape);
      const walk = x.shape.flatMap((dim, d) => [reps[d] ?? 1, dim]);
      const srcStrides = x.shape.flatMap((_, d) => [0, xStrides[d] ?? 0]);
      nativeAddon().stridedCopy(backend.values(x), 0, srcStrides, out, 0, stridesOf(walk), walk);
    }
    return backend.output(outShape, x.dtype, out);
  },
};
