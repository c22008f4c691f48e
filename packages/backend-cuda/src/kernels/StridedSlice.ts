import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, reshapeInfo, stridedCopy, stridesOf } from './kernel-utils.js';

/** The 'StridedSlice' kernel on 'cuda'. */
export const StridedSliceConfig: tf.KernelConfig = {
  kernelName: tf.StridedSlice,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = attrs as unknown as tf.StridedSliceAttrs;
    const info = tf.slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
    const xStrides = stridesOf(x.shape);
    const offset = info.begin.reduce((sum, b, k) => sum + b * (xStrides[k] as number), 0);
    const sparse = stridedCopy(cuda, x, info.finalShapeSparse, info.strides.map((s, k) => s * (xStrides[k] as number)), offset);
    const out = reshapeInfo(cuda, sparse, info.finalShape);
    cuda.disposeIntermediate(sparse);
    return out;
  },
};
