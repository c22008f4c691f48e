import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { pool2d } from './pool-window.js';

/**
 * AvgPool for 'wasm': the stock XNNPACK kernel behind guards (see {@link pool2d}): no out-of-bounds
 * write on an empty output, and NaN handled as the cpu kernel does.
 */
export const avgPoolConfig: tf.KernelConfig = {
  kernelName: tf.AvgPool,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.AvgPool).setupFunc,
  kernelFunc: (args) => pool2d(tf.AvgPool, 'avg', args),
};
