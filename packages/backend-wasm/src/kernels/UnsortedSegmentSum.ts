import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError, ShapeError } from '@keras-ts/common';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { segmentSumRunner } from './segment-sum-simd.js';

/**
 * `out[segmentIds[i], …] += x[i, …]` straight on the wasm heap (rows of float32 in a WebAssembly
 * SIMD loop where they are a multiple of 4 long, segment-sum-simd.ts): one pass over `x`, O(size(x)),
 * where a one-hot matmul would cost numSegments times more (Embedding's gradient has
 * numSegments = inputDim). Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = Number(attrs?.numSegments);
  const idsRank = segmentIds.shape.length;
  for (let axis = 0; axis < idsRank; axis++) {
    if (segmentIds.shape[axis] !== x.shape[axis]) {
      throw new ShapeError(
        `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]; ` +
          'pass one segment id per leading element of x.',
      );
    }
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new BackendError(`UnsortedSegmentSum on wasm supports float32 and int32 x, got ${x.dtype}; cast x first.`);
  }
  const rowShape = x.shape.slice(idsRank);
  const rowSize = tf.util.sizeFromShape(rowShape);
  const out = wasm.makeOutput([numSegments, ...rowShape], x.dtype);
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const result = wasm.typedArrayFromHeap(out);
  const values = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  result.fill(0);
  // Float32 rows of a multiple of 4 elements run in the SIMD module (the same additions in the same order).
  const simd = x.dtype === 'float32' && segmentIds.dtype === 'int32' && rowSize % 4 === 0 && rowSize > 0 ? segmentSumRunner(wasm) : undefined;
  if (simd !== undefined) {
    simd(values.byteOffset, ids.byteOffset, result.byteOffset, ids.length, 4 * rowSize, numSegments);
    return out;
  }
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= numSegments) continue;
    const target = segment * rowSize;
    const source = i * rowSize;
    for (let j = 0; j < rowSize; j++) result[target + j] = result[target + j]! + values[source + j]!;
  }
  return out;
}

/** UnsortedSegmentSum for 'wasm' (missing from tfjs-backend-wasm): Embedding's gradient. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
