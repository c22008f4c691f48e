import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { broadcastBinary } from './broadcast-binary.js';

/**
 * Minimum as the cpu kernel computes it, `Math.min(a, b)`: NaN in either operand gives NaN. The
 * stock kernel (XNNPACK's minimum, a compare-and-select) returned the other operand when the
 * NaN was in `b`, so `tf.minimum(x, NaN)` was finite on 'wasm' only.
 */
function minimum({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const dtype = tf.upcastType(a.dtype, b.dtype);
  if (dtype !== 'float32' && dtype !== 'int32') return runStock(tf.Minimum, { inputs, backend: wasm, attrs });
  return broadcastBinary(wasm, a, b, dtype, Math.min);
}

/** Minimum for 'wasm' (replaces the stock kernel, see above). */
export const minimumConfig: tf.KernelConfig = {
  kernelName: tf.Minimum,
  backendName: 'wasm',
  // Other dtypes run the stock kernel, which needs its setup.
  setupFunc: stockKernel(tf.Minimum).setupFunc,
  kernelFunc: minimum,
};
