import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { routeChannelwise1x1 } from './channelwise-1x1.js';
import { withNaNPreservingClamp } from './nan-preserving.js';

/**
 * FusedDepthwiseConv2D for 'wasm': the stock kernel, with ReLU / ReLU6 keeping NaN (see
 * {@link withNaNPreservingClamp}) and the channelwise 1×1 shapes on the cpu kernel (see
 * {@link routeChannelwise1x1}).
 */
export const fusedDepthwiseConv2DConfig: tf.KernelConfig = {
  kernelName: tf.FusedDepthwiseConv2D,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.FusedDepthwiseConv2D).setupFunc,
  kernelFunc: routeChannelwise1x1(tf.FusedDepthwiseConv2D, withNaNPreservingClamp(stockKernel(tf.FusedDepthwiseConv2D).kernelFunc)),
};
