import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, reshapeInfo, stridedCopy, stridesOf } from './kernel-utils.js';

/**
 * The 'StridedSlice' kernel on 'cuda': one strided copy over the dense slice (one extent per
 * input dimension, shrunk axes keeping extent 1), then a view of the final shape, which drops
 * the shrunk axes and adds the new ones. `finalShapeSparse` cannot be the copy's shape: it has
 * no entry for shrunk axes, so it does not line up with the per-dimension begin and strides.
 */
export const StridedSliceConfig: tf.KernelConfig = {
  kernelName: tf.StridedSlice,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = attrs as unknown as tf.StridedSliceAttrs;
    const info = tf.slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
    const xStrides = stridesOf(x.shape);
    const extents = info.begin.map((first, k) => Math.max(0, Math.ceil(((info.end[k] as number) - first) / (info.strides[k] as number))));
    const offset = info.begin.reduce((sum, first, k) => sum + first * (xStrides[k] as number), 0);
    const dense = stridedCopy(
      cuda,
      x,
      extents,
      info.strides.map((step, k) => step * (xStrides[k] as number)),
      offset,
    );
    const out = reshapeInfo(cuda, dense, info.finalShape);
    cuda.disposeIntermediate(dense);
    return out;
  },
};
