import * as tf from '@tensorflow/tfjs-core';
import { cudaBackendOf, filledInfo, stridedCopyInto, stridesOf } from './kernel-utils.js';

/** The 'PadV2' kernel on 'cuda'. */
export const PadV2Config: tf.KernelConfig = {
  kernelName: tf.PadV2,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const { paddings, constantValue } = attrs as unknown as tf.PadV2Attrs;
    const outShape = x.shape.map((d, k) => (paddings[k]?.[0] ?? 0) + d + (paddings[k]?.[1] ?? 0));
    const out = filledInfo(cuda, outShape, x.dtype, constantValue);
    const outStrides = stridesOf(outShape);
    const offset = outStrides.reduce((sum, s, k) => sum + s * (paddings[k]?.[0] ?? 0), 0);
    stridedCopyInto(cuda, x, out, [...x.shape], stridesOf(x.shape), 0, outStrides, offset);
    return out;
  },
};
