import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { BinaryOp } from '../native/op-codes.js';
import { broadcastStrides, castInfo, cudaBackendOf, deviceTypeOf, mergeDimensions } from './kernel-utils.js';
import type { CudaBackend } from '../backend/cuda-backend.js';

// The broadcasting binary kernels share one launcher and differ only in op code and output
// dtype, so they are declared as one table (see unary.ts for why).

const COMPARISONS = new Set<number>([
  BinaryOp.Equal,
  BinaryOp.NotEqual,
  BinaryOp.Less,
  BinaryOp.LessEqual,
  BinaryOp.Greater,
  BinaryOp.GreaterEqual,
  BinaryOp.LogicalAnd,
  BinaryOp.LogicalOr,
]);
const FLOAT_ONLY = new Set<number>([BinaryOp.RealDiv, BinaryOp.Atan2, BinaryOp.EluGrad]);

/** Runs binary op `op` on `a` and `b` with numpy broadcasting; returns a new tensor. */
export function binaryInfo(cuda: CudaBackend, op: number, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  let computeDtype: tf.DataType = a.dtype === 'float32' || b.dtype === 'float32' || FLOAT_ONLY.has(op) ? 'float32' : 'int32';
  if (op === BinaryOp.LogicalAnd || op === BinaryOp.LogicalOr) computeDtype = 'int32';
  const left = a.dtype === computeDtype || (computeDtype === 'int32' && a.dtype === 'bool') ? a : castInfo(cuda, a, computeDtype);
  const right = b.dtype === computeDtype || (computeDtype === 'int32' && b.dtype === 'bool') ? b : castInfo(cuda, b, computeDtype);
  const outDtype: tf.DataType = COMPARISONS.has(op) ? 'bool' : computeDtype === 'int32' && a.dtype === 'bool' && b.dtype === 'bool' ? 'bool' : computeDtype;
  const out = cuda.makeOutput(outShape, outDtype);
  const view = mergeDimensions(outShape, [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)]);
  if (view.shape.length > 6)
    throw new BackendError(
      `cuda: broadcasting ${JSON.stringify(a.shape)} with ${JSON.stringify(b.shape)} needs ${view.shape.length} dimensions; the kernel handles 6.`,
    );
  cuda.kernels.binary(
    op,
    deviceTypeOf(computeDtype),
    cuda.pointerOf(left),
    cuda.pointerOf(right),
    cuda.pointerOf(out),
    tf.util.sizeFromShape(outShape),
    view.shape,
    view.strides[0] as number[],
    view.strides[1] as number[],
  );
  if (left !== a) cuda.disposeIntermediate(left);
  if (right !== b) cuda.disposeIntermediate(right);
  // tfjs's FloorDiv returns int32 whatever the input dtype.
  if (op !== BinaryOp.FloorDiv || out.dtype === 'int32') return out;
  const floored = castInfo(cuda, out, 'int32');
  cuda.disposeIntermediate(out);
  return floored;
}

function binaryKernel(kernelName: string, op: number, first = 'a', second = 'b'): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'cuda',
    kernelFunc: ({ inputs, backend }) => binaryInfo(cudaBackendOf(backend), op, inputs[first] as tf.TensorInfo, inputs[second] as tf.TensorInfo),
  };
}

/** The broadcasting binary kernels of the 'cuda' backend. */
export const binaryKernelConfigs: tf.KernelConfig[] = [
  binaryKernel(tf.Add, BinaryOp.Add),
  binaryKernel(tf.Sub, BinaryOp.Sub),
  binaryKernel(tf.Multiply, BinaryOp.Multiply),
  binaryKernel(tf.RealDiv, BinaryOp.RealDiv),
  binaryKernel(tf.FloorDiv, BinaryOp.FloorDiv),
  binaryKernel(tf.Mod, BinaryOp.Mod),
  binaryKernel(tf.Maximum, BinaryOp.Maximum),
  binaryKernel(tf.Minimum, BinaryOp.Minimum),
  binaryKernel(tf.Pow, BinaryOp.Pow),
  binaryKernel(tf.SquaredDifference, BinaryOp.SquaredDifference),
  binaryKernel(tf.Atan2, BinaryOp.Atan2),
  binaryKernel(tf.Prelu, BinaryOp.Prelu, 'x', 'alpha'),
  binaryKernel(tf.EluGrad, BinaryOp.EluGrad, 'dy', 'y'),
  binaryKernel(tf.Equal, BinaryOp.Equal),
  binaryKernel(tf.NotEqual, BinaryOp.NotEqual),
  binaryKernel(tf.Less, BinaryOp.Less),
  binaryKernel(tf.LessEqual, BinaryOp.LessEqual),
  binaryKernel(tf.Greater, BinaryOp.Greater),
  binaryKernel(tf.GreaterEqual, BinaryOp.GreaterEqual),
  binaryKernel(tf.LogicalAnd, BinaryOp.LogicalAnd),
  binaryKernel(tf.LogicalOr, BinaryOp.LogicalOr),
];
