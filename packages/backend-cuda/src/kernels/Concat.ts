import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { castInfo, cudaBackendOf, stridedCopyInto, stridesOf } from './kernel-utils.js';

/** The 'Concat' kernel on 'cuda'. */
export const ConcatConfig: tf.KernelConfig = {
  kernelName: tf.Concat,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const tensors = (inputs as unknown as tf.TensorInfo[]).filter((t) => tf.util.sizeFromShape(t.shape) > 0 || t.shape.length === 0);
    const first = (inputs as unknown as tf.TensorInfo[])[0];
    if (first === undefined) throw new ValueError('cuda Concat: expected at least one tensor, got none.');
    const axis = tf.util.parseAxisParam((attrs as unknown as tf.ConcatAttrs).axis, first.shape)[0] as number;
    const shapes = (inputs as unknown as tf.TensorInfo[]).map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, axis);
    const outShape = tf.backend_util.computeOutShape(shapes, axis);
    const dtype = (inputs as unknown as tf.TensorInfo[]).map((t) => t.dtype).reduce((a, b) => tf.upcastType(a, b));
    const out = cuda.makeOutput(outShape, dtype);
    const outStrides = stridesOf(outShape);
    let position = 0;
    for (const tensor of tensors) {
      const source = castInfo(cuda, tensor, dtype);
      stridedCopyInto(cuda, source, out, [...tensor.shape], stridesOf(tensor.shape), 0, outStrides, position * (outStrides[axis] as number));
      cuda.disposeIntermediate(source);
      position += tensor.shape[axis] as number;
    }
    return out;
  },
};
