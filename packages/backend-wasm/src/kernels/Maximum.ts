import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { broadcastBinary } from './broadcast-binary.js';

/**
 * Maximum as the cpu kernel computes it, `Math.max(a, b)`: NaN in either operand gives NaN. The
 * stock kernel (XNNPACK's maximum, a compare-and-select) returned the other operand when the
 * NaN was in `b`, so `tf.maximum(x, NaN)` was finite on 'wasm' only.
 */
function maximum({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const dtype = tf.upcastType(a.dtype, b.dtype);
  if (dtype !== 'float32' && dtype !== 'int32') return runStock(tf.Maximum, { inputs, backend: wasm, attrs });
  return broadcastBinary(wasm, a, b, dtype, Math.max);
}

/** Maximum for 'wasm' (replaces the stock kernel, see above). */
export const maximumConfig: tf.KernelConfig = {
  kernelName: tf.Maximum,
  backendName: 'wasm',
  // Other dtypes run the stock kernel, which needs its setup.
  setupFunc: stockKernel(tf.Maximum).setupFunc,
  kernelFunc: maximum,
};
