import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped, stridesOf } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** StridedSlice: tfjs's slice_util resolves the masks; one strided copy does the rest. */
export const stridedSliceConfig: tf.KernelConfig = {
  kernelName: tf.StridedSlice,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (!hostTyped(x)) return cpuFallback(tf.StridedSlice, args);
    const a = args.attrs as unknown as tf.StridedSliceAttrs;
    const info = tf.slice_util.sliceInfo(x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
    if (info.isIdentity) return backend.alias(x, info.finalShape);
    // The walk covers every input axis (shrunk axes have size 1); finalShape then drops or adds axes.
    const walk = info.begin.map((start, d) => Math.max(0, Math.ceil(((info.end[d] ?? 0) - start) / (info.strides[d] ?? 1))));
    const out = allocate(x.dtype, tf.util.sizeFromShape(walk));
    if (out.length > 0) {
      const xStrides = stridesOf(x.shape);
      const offset = info.begin.reduce((sum, start, d) => sum + start * (xStrides[d] ?? 0), 0);
      const srcStrides = walk.map((_, d) => (xStrides[d] ?? 0) * (info.strides[d] ?? 1));
      nativeAddon().stridedCopy(backend.values(x), offset, srcStrides, out, 0, stridesOf(walk), walk);
    }
    return backend.output(info.finalShape, x.dtype, out);
  },
};
