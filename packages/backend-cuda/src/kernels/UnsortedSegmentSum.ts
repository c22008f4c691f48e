import * as tf from '@tensorflow/tfjs-core';
import { castInfo, cudaBackendOf, deviceTypeOf } from './kernel-utils.js';

/** The 'UnsortedSegmentSum' kernel on 'cuda'. */
export const UnsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const segmentIds = inputs.segmentIds as tf.TensorInfo;
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    const rows = tf.util.sizeFromShape(segmentIds.shape);
    const leading = x.shape.slice(0, segmentIds.shape.length);
    tf.util.assertShapesMatch(leading, segmentIds.shape, 'cuda UnsortedSegmentSum: segmentIds must match the leading dimensions of x.');
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const dtype: tf.DataType = x.dtype === 'float32' ? 'float32' : 'int32';
    const input = castInfo(cuda, x, dtype);
    const ids = castInfo(cuda, segmentIds, 'int32');
    const out = cuda.makeOutput(outShape, dtype);
    const inner = rows === 0 ? 1 : tf.util.sizeFromShape(x.shape) / rows;
    cuda.kernels.unsortedSegmentSum(deviceTypeOf(dtype), cuda.pointerOf(input), cuda.pointerOf(ids), cuda.pointerOf(out), rows, inner, numSegments);
    cuda.disposeIntermediate(input);
    cuda.disposeIntermediate(ids);
    return out;
  },
};
