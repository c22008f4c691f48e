import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** UnsortedSegmentSum (the gradient of gather / Embedding): sums rows of x by segment id. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || segmentIds.dtype !== 'int32') return cpuFallback(tf.UnsortedSegmentSum, args);
    const idRank = segmentIds.shape.length;
    if (!tf.util.arraysEqual(x.shape.slice(0, idRank), segmentIds.shape))
      throw new ShapeError(`UnsortedSegmentSum: segmentIds [${segmentIds.shape}] must match the leading dimensions of x [${x.shape}].`);
    const innerShape = x.shape.slice(idRank);
    const inner = tf.util.sizeFromShape(innerShape);
    const outShape = [numSegments, ...innerShape];
    const out = allocate(x.dtype, tf.util.sizeFromShape(outShape), false);
    nativeAddon().unsortedSegmentSum(backend.values(x), backend.values(segmentIds) as Int32Array, out, numSegments, inner);
    return backend.output(outShape, x.dtype, out);
  },
};
