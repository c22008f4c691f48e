import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { MaxPoolMode, maxPoolRows, maxPoolRunner } from './max-pool-simd.js';

/**
 * Adds each output gradient of channels [firstChannel, channels) into `dx` at the first maximum of
 * its window: the taps row by row, each replacing the best so far only when strictly greater,
 * from −∞, as the cpu kernel does — the first maximum wins and NaN never does (a window of NaN
 * and −∞, or wholly in the padding, passes no gradient).
 */
function addGradientsOnHost(info: tf.backend_util.Conv2DInfo, x: Float32Array, dy: Float32Array, dx: Float32Array, firstChannel: number): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  for (let n = 0; n < batchSize; n++) {
    for (let row = 0; row < outHeight; row++) {
      const rowStart = row * strideHeight - top;
      const firstRow = Math.max(rowStart, 0);
      const rows = Math.min(rowStart + filterHeight, inHeight) - firstRow;
      for (let column = 0; column < outWidth; column++) {
        const columnStart = column * strideWidth - left;
        const firstColumn = Math.max(columnStart, 0);
        const columns = Math.min(columnStart + filterWidth, inWidth) - firstColumn;
        const windowOffset = ((n * inHeight + firstRow) * inWidth + firstColumn) * channels;
        const dyOffset = ((n * outHeight + row) * outWidth + column) * channels;
        for (let channel = firstChannel; channel < channels; channel++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let r = 0; r < rows; r++) {
            for (let c = 0; c < columns; c++) {
              const index = windowOffset + (r * inWidth + c) * channels + channel;
              const value = x[index]!;
              if (value > bestValue) {
                best = index;
                bestValue = value;
              }
            }
          }
          if (best >= 0) dx[best] = dx[best]! + dy[dyOffset + channel]!;
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
