import * as tf from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../backend/cuda-backend.js';
import { ReduceOp } from '../native/op-codes.js';
import { castInfo, cudaBackendOf, deviceTypeOf, reshapeInfo, transposeInfo } from './kernel-utils.js';

// Sum, Prod, Max, Min, Mean, All and Any share one row-reduction kernel; declared as a table.

/** `x` with the reduced axes moved innermost, and the [rows, columns] of the reduction. */
export function reductionLayout(
  cuda: CudaBackend,
  x: tf.TensorInfo,
  axis: number | number[],
): {
  input: tf.TensorInfo;
  outShape: number[];
  rows: number;
  columns: number;
  axes: number[];
} {
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const permutation = tf.backend_util.getAxesPermutation(axes, rank);
  const input = permutation === null ? x : transposeInfo(cuda, x, permutation);
  const innerAxes = permutation === null ? axes : tf.backend_util.getInnerMostAxes(axes.length, rank);
  const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(input.shape, innerAxes);
  return { input, outShape, rows: tf.util.sizeFromShape(outShape), columns: tf.util.sizeFromShape(reduceShape), axes };
}

function outputDtype(op: number, dtype: tf.DataType): tf.DataType {
  if (op === ReduceOp.All || op === ReduceOp.Any) return 'bool';
  if (op === ReduceOp.Mean) return 'float32';
  if (dtype === 'bool') return op === ReduceOp.Max || op === ReduceOp.Min ? 'bool' : 'int32';
  return dtype;
}

function reductionKernel(kernelName: string, op: number): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'cuda',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cuda = cudaBackendOf(backend);
      const x = inputs.x as tf.TensorInfo;
      // Max names its axes `reductionIndices`; the other reductions say `axis`.
      const { axis, reductionIndices, keepDims } = attrs as unknown as tf.SumAttrs & Partial<tf.MaxAttrs>;
      const dtype = outputDtype(op, x.dtype);
      const computeDtype: tf.DataType = dtype === 'float32' ? 'float32' : 'int32';
      const converted = castInfo(cuda, x, computeDtype === 'int32' && x.dtype === 'bool' ? 'bool' : computeDtype);
      const layout = reductionLayout(cuda, converted, (axis === undefined ? reductionIndices : axis) as number | number[]);
      const out = cuda.makeOutput(layout.outShape, dtype);
      if (layout.rows > 0) {
        if (layout.columns === 0)
          cuda.kernels.fill(
            deviceTypeOf(dtype),
            cuda.pointerOf(out),
            layout.rows,
            op === ReduceOp.Prod || op === ReduceOp.All ? 1 : op === ReduceOp.Mean ? Number.NaN : 0,
          );
        else cuda.kernels.reduce(op, deviceTypeOf(computeDtype), cuda.pointerOf(layout.input), cuda.pointerOf(out), layout.rows, layout.columns);
      }
      if (layout.input !== converted) cuda.disposeIntermediate(layout.input);
      cuda.disposeIntermediate(converted);
      if (!keepDims) return out;
      const kept = reshapeInfo(cuda, out, tf.backend_util.expandShapeToKeepDim(layout.outShape, layout.axes));
      cuda.disposeIntermediate(out);
      return kept;
    },
  };
}

/** The reduction kernels of the 'cuda' backend. */
export const reductionKernelConfigs: tf.KernelConfig[] = [
  reductionKernel(tf.Sum, ReduceOp.Sum),
  reductionKernel(tf.Prod, ReduceOp.Prod),
  reductionKernel(tf.Max, ReduceOp.Max),
  reductionKernel(tf.Min, ReduceOp.Min),
  reductionKernel(tf.Mean, ReduceOp.Mean),
  reductionKernel(tf.All, ReduceOp.All),
  reductionKernel(tf.Any, ReduceOp.Any),
];

function argReductionKernel(kernelName: string, isMax: boolean): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'cuda',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cuda = cudaBackendOf(backend);
      const x = inputs.x as tf.TensorInfo;
      const { axis } = attrs as unknown as tf.ArgMaxAttrs;
      const layout = reductionLayout(cuda, x, [tf.util.parseAxisParam(axis, x.shape)[0] as number]);
      const out = cuda.makeOutput(layout.outShape, 'int32');
      if (layout.rows > 0) cuda.kernels.argReduce(isMax, deviceTypeOf(x.dtype), cuda.pointerOf(layout.input), cuda.pointerOf(out), layout.rows, layout.columns);
      if (layout.input !== x) cuda.disposeIntermediate(layout.input);
      return out;
    },
  };
}

/** ArgMax and ArgMin on 'cuda'. */
export const argReductionKernelConfigs: tf.KernelConfig[] = [argReductionKernel(tf.ArgMax, true), argReductionKernel(tf.ArgMin, false)];
