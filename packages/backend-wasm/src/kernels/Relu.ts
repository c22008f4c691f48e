import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { clampTensor } from './nan-preserving.js';

/**
 * `max(x, 0)` with every NaN kept. The stock kernel (XNNPACK's ReLU, an integer max on the float
 * bits) keeps a NaN whose sign bit is clear but zeroes one whose sign bit is set — the NaN x86
 * produces for 0 × ∞ and ∞ − ∞, so the one a diverging model carries: its NaN vanished at the first
 * ReLU on 'wasm' and the loss came out finite.
 */
function relu({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x } = inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return runStock(tf.Relu, { inputs, backend: wasm, attrs });
  const out = wasm.makeOutput(x.shape, x.dtype);
  clampTensor(wasm, x, out, 0, Number.POSITIVE_INFINITY);
  return out;
}

/** Relu for 'wasm' (replaces the stock kernel, see above). */
export const reluConfig: tf.KernelConfig = {
  kernelName: tf.Relu,
  backendName: 'wasm',
  // Other dtypes run the stock kernel, which needs its setup.
  setupFunc: stockKernel(tf.Relu).setupFunc,
  kernelFunc: relu,
};
