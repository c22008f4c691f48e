import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { columnSumsRunner } from './column-sums-simd.js';
import { withEmptyInputsOnCpu } from './empty-reductions.js';

/**
 * Sum for 'wasm'. A float32 sum over leading axes (a Dense layer's bias gradient: `dy` summed over
 * the batch) is a column sum: the stock kernel transposes the input first and then adds each
 * column's values one after another in float32; here an f32x4 loop adds the rows in place, four
 * columns per instruction, each column's additions in the same row order — the same bits without
 * the Transpose. Other sums run the stock kernel, and empty inputs the cpu backend's
 * (empty-reductions.ts: the stock kernel returned uninitialised memory).
 */
function sum(args: KernelArguments): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const wasm = backend as BackendWasm;
  const x = (inputs as { x: tf.TensorInfo }).x;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  // Leading axes in increasing order: the stock kernel's transpose then keeps the rows' order.
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((value, index) => value === index);
  const columns = tf.util.sizeFromShape(x.shape.slice(axes.length));
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const run = x.dtype === 'float32' && leading && columns >= 4 && rows > 0 ? columnSumsRunner(wasm, 'float32') : undefined;
  if (run === undefined) return runStock(tf.Sum, { inputs, backend: wasm, attrs });
  const outShape = keepDims ? x.shape.map((size, index) => (index < axes.length ? 1 : size)) : x.shape.slice(axes.length);
  const out = wasm.makeOutput(outShape, 'float32');
  // Views after makeOutput, which may grow the heap.
  const matrix = wasm.typedArrayFromHeap(x) as Float32Array;
  const sums = wasm.typedArrayFromHeap(out) as Float32Array;
  run(matrix.byteOffset, rows, columns * 4, sums.byteOffset, columns);
  for (let j = columns - (columns % 4); j < columns; j++) {
    let total = 0;
    for (let i = 0; i < rows; i++) total = Math.fround(total + matrix[i * columns + j]!);
    sums[j] = total;
  }
  return out;
}

/** Registration of {@link sum} on 'wasm'. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.Sum).setupFunc,
  kernelFunc: withEmptyInputsOnCpu(tf.Sum, sum) as tf.KernelFunc,
};
