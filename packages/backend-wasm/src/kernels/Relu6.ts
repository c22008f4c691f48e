import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { clampTensor } from './nan-preserving.js';

/** `min(max(x, 0), 6)` with NaN kept as NaN; the stock XNNPACK clamp returned 0 for NaN. */
function relu6({ inputs, backend }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x } = inputs as { x: tf.TensorInfo };
  const out = wasm.makeOutput(x.shape, x.dtype);
  clampTensor(wasm, x, out, 0, 6);
  return out;
}

/** Relu6 for 'wasm' (replaces the stock kernel, see above). */
export const relu6Config: tf.KernelConfig = {
  kernelName: tf.Relu6,
  backendName: 'wasm',
  kernelFunc: relu6,
};
