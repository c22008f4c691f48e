import * as tf from '@tensorflow/tfjs-core';
import { stockKernel } from '../backend/stock-kernels.js';
import { routeChannelwise1x1 } from './channelwise-1x1.js';
import { withNaNPreservingClamp } from './nan-preserving.js';

/**
 * FusedConv2D for 'wasm': the stock kernel, with ReLU / ReLU6 keeping NaN (see
 * {@link withNaNPreservingClamp}) and the channelwise 1×1 shapes on the cpu kernel (see
 * {@link routeChannelwise1x1}).
 */
export const fusedConv2DConfig: tf.KernelConfig = {
  kernelName: tf.FusedConv2D,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.FusedConv2D).setupFunc,
  kernelFunc: routeChannelwise1x1(tf.FusedConv2D, withNaNPreservingClamp(stockKernel(tf.FusedConv2D).kernelFunc)),
};
