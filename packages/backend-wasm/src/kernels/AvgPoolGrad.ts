import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';

/**
 * AvgPoolGrad for 'wasm': the stock kernel, except that an empty `dy` (no output window, or a zero
 * batch) gives zeros without calling it — the stock kernel wrote out of bounds for it.
 */
function avgPoolGrad({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  if (dy.shape.every((length) => length > 0)) return runStock(tf.AvgPoolGrad, { inputs, backend: wasm, attrs });
  const dx = wasm.makeOutput(input.shape, 'float32');
  wasm.typedArrayFromHeap(dx).fill(0);
  return dx;
}

/** AvgPoolGrad for 'wasm' (the stock kernel behind the guard above). */
export const avgPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.AvgPoolGrad,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.AvgPoolGrad).setupFunc,
  kernelFunc: avgPoolGrad,
};
