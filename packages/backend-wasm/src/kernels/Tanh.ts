import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { tanhOnHeap } from './tanh-simd.js';

/**
 * Float32 tanh four lanes at a time (tanh-simd.ts: the algorithm of the native backend, ≤ 1.51 ulp),
 * instead of the stock kernel's scalar libm call per element (≈ 10 ns). Other dtypes run the stock kernel.
 */
export function tanh({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x } = inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return runStock(tf.Tanh, { inputs, backend: wasm, attrs });
  const out = wasm.makeOutput(x.shape, 'float32');
  // Views after makeOutput, which may grow the heap.
  tanhOnHeap(wasm, wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(out) as Float32Array);
  return out;
}

/** Tanh for 'wasm' (replaces the stock kernel, see above). */
export const tanhConfig: tf.KernelConfig = {
  kernelName: tf.Tanh,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.Tanh).setupFunc,
  kernelFunc: tanh,
};
