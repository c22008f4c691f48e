import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { castInfo, cudaBackendOf, stridedCopyInto, stridesOf } from './kernel-utils.js';

/** The 'Pack' kernel on 'cuda'. */
export const PackConfig: tf.KernelConfig = {
  kernelName: tf.Pack,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const tensors = inputs as unknown as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) throw new ValueError('cuda Pack: expected at least one tensor, got none.');
    const rank = first.shape.length;
    const given = (attrs as unknown as tf.PackAttrs).axis;
    const axis = given < 0 ? given + rank + 1 : given;
    const outShape = [...first.shape];
    outShape.splice(axis, 0, tensors.length);
    const dtype = tensors.map((t) => t.dtype).reduce((a, b) => tf.upcastType(a, b));
    const out = cuda.makeOutput(outShape, dtype);
    const outStrides = stridesOf(outShape);
    const sliceStrides = outStrides.filter((_, k) => k !== axis);
    tensors.forEach((tensor, index) => {
      tf.util.assertShapesMatch(first.shape, tensor.shape, 'cuda Pack: all tensors must have the same shape.');
      const source = castInfo(cuda, tensor, dtype);
      stridedCopyInto(cuda, source, out, [...tensor.shape], stridesOf(tensor.shape), 0, sliceStrides, index * (outStrides[axis] as number));
      cuda.disposeIntermediate(source);
    });
    return out;
  },
};
