import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import type { CudaBackend } from '../backend/cuda-backend.js';
import { broadcastStrides, castInfo, stridedCopy } from './kernel-utils.js';

/**
 * Batched row-major product op(a)·op(b) with tfjs's batch broadcasting, on cuBLAS. A side
 * with one matrix is broadcast by a zero batch stride; other broadcasts are materialised.
 */
export function batchMatMulInfo(cuda: CudaBackend, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  if (rankA < 2 || rankB < 2) throw new ShapeError(`cuda BatchMatMul: both operands need rank >= 2, got [${a.shape}] and [${b.shape}].`);
  const innerA = transposeA ? (a.shape[rankA - 2] as number) : (a.shape[rankA - 1] as number);
  const innerB = transposeB ? (b.shape[rankB - 1] as number) : (b.shape[rankB - 2] as number);
  const m = transposeA ? (a.shape[rankA - 1] as number) : (a.shape[rankA - 2] as number);
  const n = transposeB ? (b.shape[rankB - 2] as number) : (b.shape[rankB - 1] as number);
  if (innerA !== innerB) {
    throw new ShapeError(
      `cuda BatchMatMul: inner dimensions differ: ${innerA} of [${a.shape}] (transposeA=${transposeA}) vs ${innerB} of [${b.shape}] (transposeB=${transposeB}).`,
    );
  }
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  const batchShape = tf.backend_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
  const batch = tf.util.sizeFromShape(batchShape);
  const left = castInfo(cuda, a, 'float32');
  const right = castInfo(cuda, b, 'float32');
  const operand = (x: tf.TensorInfo, batchOwn: number[]): { info: tf.TensorInfo; stride: number } => {
    const matrix = (x.shape[x.shape.length - 2] as number) * (x.shape[x.shape.length - 1] as number);
    const own = tf.util.sizeFromShape(batchOwn);
    if (own === batch) return { info: x, stride: matrix };
    if (own === 1) return { info: x, stride: 0 };
    const fullShape = [...batchShape, ...x.shape.slice(-2)];
    return { info: stridedCopy(cuda, x, fullShape, broadcastStrides(x.shape, fullShape), 0), stride: matrix };
  };
  const first = operand(left, batchShapeA);
  const second = operand(right, batchShapeB);
  const out = cuda.makeOutput([...batchShape, m, n], 'float32');
  cuda.kernels.gemm(
    cuda.pointerOf(first.info),
    cuda.pointerOf(second.info),
    cuda.pointerOf(out),
    batch,
    m,
    n,
    innerA,
    transposeA,
    transposeB,
    first.stride,
    second.stride,
  );
  for (const info of new Set([first.info, second.info, left, right])) if (info !== a && info !== b) cuda.disposeIntermediate(info);
  return out;
}
