import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { routeChannelwise1x1 } from './channelwise-1x1.js';

/** Conv2D for 'wasm': the stock kernel, with the channelwise 1×1 shapes on the cpu kernel (see {@link routeChannelwise1x1}). */
export const conv2DConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.Conv2D).setupFunc,
  kernelFunc: routeChannelwise1x1(tf.Conv2D, stockKernel(tf.Conv2D).kernelFunc),
};
