import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { MaxPoolMode, maxPoolRows, maxPoolRunner } from './max-pool-simd.js';
import { firstMaximum } from './pool-window.js';

/** Adds each output gradient of channels [firstChannel, channels) into `dx` at its window's {@link firstMaximum}, if any. */
function addGradientsOnHost(info: tf.backend_util.Conv2DInfo, x: Float32Array, dy: Float32Array, dx: Float32Array, firstChannel: number): void {
  const { batchSize, inChannels: channels, outHeight, outWidth } = info;
  let pixel = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let row = 0; row < outHeight; row++) {
      for (let column = 0; column < outWidth; column++, pixel += channels) {
        for (let channel = firstChannel; channel < channels; channel++) {
          const where = firstMaximum(x, info, n, row, column, channel);
          if (where >= 0) dx[where] = dx[where]! + dy[pixel + channel]!;
        }
      }
    }
  }
}

/**
 * Routes each output gradient to the first maximum of its pooling window, in one pass over the
 * wasm heap: four channels at a time in a SIMD module (max-pool-simd.ts), the rest (all of them
 * without WebAssembly SIMD) in JavaScript. Replaces tfjs-backend-wasm 4.22's MaxPoolGrad, which
 * drops the gradient of windows whose values are all negative (found by the conformance suite's
 * `maxPool2d/*` cases).
 */
function maxPoolGrad({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const output = wasm.makeOutput(input.shape, 'float32');
  // Views after makeOutput, which may grow (and so replace) the heap buffer.
  const dx = wasm.typedArrayFromHeap(output) as Float32Array;
  const x = wasm.typedArrayFromHeap(input) as Float32Array;
  const gradient = wasm.typedArrayFromHeap(dy) as Float32Array;
  const { inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const run = maxPoolRunner(wasm);
  const simdChannels = run === undefined ? 0 : channels - (channels % 4);
  // Windows that tile the image (2 × 2 stride 2 on even sizes, say): the module then writes every
  // element of dx once, and dx needs no zeroing first.
  const tiles =
    simdChannels === channels &&
    strideHeight === filterHeight &&
    strideWidth === filterWidth &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight * strideHeight === inHeight &&
    outWidth * strideWidth === inWidth;
  if (!tiles) dx.fill(0);
  if (run !== undefined && simdChannels > 0) maxPoolRows(run, info, x, gradient, dx, tiles ? MaxPoolMode.StoreGradient : MaxPoolMode.AddGradient);
  if (simdChannels < channels) addGradientsOnHost(info, x, gradient, dx, simdChannels);
  return output;
}

/** MaxPoolGrad for 'wasm' (replaces the stock kernel, see above). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
