import * as tf from '@tensorflow/tfjs-core';
import { keepsElementOrder } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';

/** Materialises `x` with its last two axes swapped, through the stock wasm Transpose kernel (always a new buffer). */
export function transposeLastTwo(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
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
 * seed-003 QA model copied a [10000, 64] gradient each time. Other permutations run the stock
 * kernel.
 */
function transpose(args: KernelArguments): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = (inputs as { x: tf.TensorInfo }).x;
  const perm = (attrs as unknown as tf.TransposeAttrs).perm;
  const wasm = backend as BackendWasm;
  if (x.dtype === 'string' || x.dtype === 'complex64' || !keepsElementOrder(x.shape, perm)) return runStock(tf.Transpose, { inputs, backend: wasm, attrs });
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
