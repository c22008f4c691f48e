import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { pool2d } from './pool-window.js';

/**
 * MaxPool for 'wasm': the stock XNNPACK kernel behind guards (see {@link pool2d}): no out-of-bounds
 * write on an empty output, and NaN handled as the cpu kernel does.
 */
export const maxPoolConfig: tf.KernelConfig = {
  kernelName: tf.MaxPool,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.MaxPool).setupFunc,
  kernelFunc: (args) => pool2d(tf.MaxPool, 'max', args),
};
