import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { routeChannelwise1x1 } from './channelwise-1x1.js';

/** DepthwiseConv2dNative for 'wasm': the stock kernel, with the channelwise 1×1 shapes on the cpu kernel (see {@link routeChannelwise1x1}). */
export const depthwiseConv2dNativeConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.DepthwiseConv2dNative).setupFunc,
  kernelFunc: routeChannelwise1x1(tf.DepthwiseConv2dNative, stockKernel(tf.DepthwiseConv2dNative).kernelFunc),
};
