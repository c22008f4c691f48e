import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStock } from '../backend/stock-kernels.js';

/** Materialises `x` with its last two axes swapped, through the wasm Transpose kernel. */
export function transposeLastTwo(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runStock('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

/** Runs the wasm Transpose kernel with an explicit permutation. */
export function transposeWith(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runStock('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

/** Releases intermediate outputs a composed kernel created. */
export function disposeIntermediate(backend: BackendWasm, infos: Iterable<tf.TensorInfo>): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
