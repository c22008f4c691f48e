import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ShapeError } from '../../errors/errors.js';

/**
 * UnsortedSegmentSum for the cpu backend in one pass: `out[ids[i], …] += x[i, …]`. The stock cpu
 * kernel builds one mask per segment (O(numSegments × size(x)) tensor ops), which makes
 * Embedding's gradient with a 10,000-word vocabulary take minutes per step; this is O(size(x)).
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = Number(attrs?.numSegments);
  const idsRank = segmentIds.shape.length;
  if (!segmentIds.shape.every((dim, axis) => dim === x.shape[axis])) {
    throw new ShapeError(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}].`);
  }
  const rowShape = x.shape.slice(idsRank);
  const rowSize = tf.util.sizeFromShape(rowShape);
  const values = cpu.data.get(x.dataId).values as Float32Array | Int32Array;
  const ids = cpu.data.get(segmentIds.dataId).values as Int32Array | Float32Array;
  const result = x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= numSegments) continue;
    const target = segment * rowSize;
    const source = i * rowSize;
    for (let j = 0; j < rowSize; j++) result[target + j] = result[target + j]! + values[source + j]!;
  }
  return cpu.makeTensorInfo([numSegments, ...rowShape], x.dtype, result);
}

/** Registers the one-pass UnsortedSegmentSum on 'cpu' (float32 and int32; others keep the stock kernel). */
export function registerCpuUnsortedSegmentSum(): void {
  const stock = tf.getKernel(tf.UnsortedSegmentSum, 'cpu');
  if (stock === undefined) return;
  tf.unregisterKernel(tf.UnsortedSegmentSum, 'cpu');
  tf.registerKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      return x.dtype === 'float32' || x.dtype === 'int32' ? unsortedSegmentSum(args) : stock.kernelFunc(args);
    },
  });
}
