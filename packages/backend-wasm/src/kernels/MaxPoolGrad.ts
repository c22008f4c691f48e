import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { maxPoolGradRunner } from './max-pool-grad-simd.js';

/**
 * Routes each output gradient to the first maximum of its pooling window, in one pass over the
 * wasm heap, four channels at a time in a SIMD module (max-pool-grad-simd.ts). Replaces
 * tfjs-backend-wasm 4.22's MaxPoolGrad, which drops the gradient of windows whose values are all
 * negative (found by the conformance suite's `maxPool2d/*` cases).
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
  const dx = wasm.makeOutput(input.shape, 'float32');
  const result = wasm.typedArrayFromHeap(dx);
  const x = wasm.typedArrayFromHeap(input);
  const gradient = wasm.typedArrayFromHeap(dy);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const simd = maxPoolGradRunner(wasm);
  // Groups of four channels in the SIMD module, one call per row of windows; the rest (all of
  // them without SIMD) in JavaScript.
  const simdChannels = simd === undefined ? 0 : channels - (channels % 4);
  // Windows that tile the image (2 × 2 stride 2 on even sizes, say): the module then writes every
  // element of dx once, and dx needs no zeroing first.
  const tiles =
    simdChannels === channels &&
    strideHeight === filterHeight &&
    strideWidth === filterWidth &&
    top === 0 &&
    left === 0 &&
    outHeight * strideHeight === inHeight &&
    outWidth * strideWidth === inWidth;
  if (!tiles) result.fill(0);
  const rowBytes = inWidth * channels * 4;
  const pixelBytes = channels * 4;
  const dxMinusX = (result.byteOffset - x.byteOffset) | 0;
  for (let n = 0; n < batchSize; n++) {
    const imageOffset = n * inHeight * inWidth * channels;
    for (let row = 0; row < outHeight; row++) {
      const rowStart = row * strideHeight - top;
      const firstRow = Math.max(rowStart, 0);
      const rows = Math.min(rowStart + filterHeight, inHeight) - firstRow;
      // A window row entirely in the padding has no taps and passes no gradient.
      if (rows <= 0) continue;
      const rowOffset = imageOffset + firstRow * inWidth * channels;
      const dyRow = (n * outHeight + row) * outWidth * channels;
      if (simd !== undefined && simdChannels > 0) {
        simd(
          x.byteOffset + rowOffset * 4,
          dxMinusX,
          gradient.byteOffset + dyRow * 4,
          rows,
          rowBytes,
          pixelBytes,
          simdChannels * 4,
          outWidth,
          strideWidth,
          left,
          filterWidth,
          inWidth,
          tiles ? 1 : 0,
        );
      }
      if (simdChannels === channels) continue;
      for (let column = 0; column < outWidth; column++) {
        const columnStart = column * strideWidth - left;
        const firstColumn = Math.max(columnStart, 0);
        const columns = Math.min(columnStart + filterWidth, inWidth) - firstColumn;
        const windowOffset = rowOffset + firstColumn * channels;
        const dyOffset = dyRow + column * channels;
        for (let channel = simdChannels; channel < channels; channel++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          // The taps row by row; strictly greater than the best so far, starting from −∞, as the
          // cpu kernel does: the first maximum wins and NaN never does (a window of NaN and −∞,
          // or entirely in the padding, passes no gradient).
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
          if (best >= 0) result[best] = result[best]! + gradient[dyOffset + channel]!;
        }
      }
    }
  }
  return dx;
}

/** MaxPoolGrad for 'wasm' (replaces the stock kernel, see above). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
