import * as tf from '@tensorflow/tfjs-core';
import { keepsElementOrder } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { leadingSize } from './matmul-plan.js';
import { transposeMatricesOnHeap, transposeTilesRunner } from './transpose-simd.js';

/**
 * `x` with its last two axes swapped, in a new buffer, through the heap's 4 × 4-tile transpose
 * (transpose-simd.ts) for float32 and int32; `undefined` for other dtypes, ranks below 2 or
 * without WebAssembly SIMD. With `rowPadding`, each output row has that many more elements at
 * its end, left unwritten (the output's last dimension includes them).
 */
function swapLastTwoOnHeap(backend: BackendWasm, x: tf.TensorInfo, rowPadding = 0): tf.TensorInfo | undefined {
  const rank = x.shape.length;
  if (rank < 2 || (x.dtype !== 'float32' && x.dtype !== 'int32')) return undefined;
  const run = transposeTilesRunner(backend);
  if (run === undefined) return undefined;
  const rows = x.shape[rank - 2]!;
  const columns = x.shape[rank - 1]!;
  const output = backend.makeOutput([...x.shape.slice(0, -2), columns, rows + rowPadding], x.dtype);
  // Views after makeOutput, which may grow the heap.
  const bits = (info: tf.TensorInfo) => {
    const view = backend.typedArrayFromHeap(info);
    return new Uint32Array(view.buffer, view.byteOffset, view.length);
  };
  transposeMatricesOnHeap(run, bits(x), bits(output), leadingSize(x.shape), rows, columns, rows + rowPadding);
  return output;
}

/** Whether `perm` swaps the last two axes and keeps the others in place. */
function swapsLastTwo(perm: readonly number[]): boolean {
  const rank = perm.length;
  if (rank < 2 || perm[rank - 2] !== rank - 1 || perm[rank - 1] !== rank - 2) return false;
  for (let axis = 0; axis < rank - 2; axis++) if (perm[axis] !== axis) return false;
  return true;
}

/**
 * Materialises `x` with its last two axes swapped (always a new buffer): the heap's tile
 * transpose, else the stock kernel. `rowPadding` asks for that many unwritten elements after each
 * output row (part of the output's last dimension); only the tile transpose pads, so callers read
 * the row length from the output's shape.
 */
export function transposeLastTwo(backend: BackendWasm, x: tf.TensorInfo, rowPadding = 0): tf.TensorInfo {
  const onHeap = swapLastTwoOnHeap(backend, x, rowPadding);
  if (onHeap !== undefined) return onHeap;
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runStock('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

/** Runs the stock wasm Transpose kernel with an explicit permutation (always a new buffer). */
export function transposeWith(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runStock('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

/** Releases intermediate outputs a composed kernel created. */
export function disposeIntermediate(backend: BackendWasm, infos: Iterable<tf.TensorInfo>): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * Transpose that shares its input's data when the permutation keeps the element order, as
 * Reshape does. The stock kernel answers such a permutation with a full copy: tfjs-core's
 * gradient of a gather (an Embedding's) transposes by the identity twice per step, which on the
 * seed-003 QA model copied a [10000, 64] gradient each time. A swap of the last two axes
 * (float32, int32) runs the heap's tile transpose; other permutations the stock kernel.
 */
function transpose(args: KernelArguments): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = (inputs as { x: tf.TensorInfo }).x;
  const perm = (attrs as unknown as tf.TransposeAttrs).perm;
  const wasm = backend as BackendWasm;
  if (x.dtype === 'string' || x.dtype === 'complex64' || !keepsElementOrder(x.shape, perm)) {
    const onHeap = swapsLastTwo(perm) ? swapLastTwoOnHeap(wasm, x) : undefined;
    return onHeap ?? runStock(tf.Transpose, { inputs, backend: wasm, attrs });
  }
  // Tensors are immutable: the output reads the input's data, counted as one more reference.
  wasm.incRef(x.dataId);
  return { dataId: x.dataId, shape: perm.map((axis) => x.shape[axis]!), dtype: x.dtype };
}

/** Registration of {@link transpose} on 'wasm'. */
export const transposeConfig: tf.KernelConfig = {
  kernelName: tf.Transpose,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.Transpose).setupFunc,
  kernelFunc: transpose,
};
