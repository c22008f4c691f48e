import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';

/**
 * Routes each output gradient to the first maximum of its pooling window, in one pass over the
 * wasm heap. Replaces tfjs-backend-wasm 4.22's MaxPoolGrad, which drops the gradient of windows
 * whose values are all negative (found by the conformance suite's `maxPool2d/*` cases).
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
  result.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  // Per window: the offsets of its taps inside the input, in order (row, then column), then for
  // each channel (contiguous in NHWC) the best tap kept in locals.
  const taps = new Int32Array(filterHeight * filterWidth);
  for (let n = 0; n < batchSize; n++) {
    const imageOffset = n * inHeight * inWidth * channels;
    for (let row = 0; row < outHeight; row++) {
      const rowStart = row * strideHeight - top;
      for (let column = 0; column < outWidth; column++) {
        const columnStart = column * strideWidth - left;
        const dyOffset = ((n * outHeight + row) * outWidth + column) * channels;
        let tapCount = 0;
        for (let fh = 0; fh < filterHeight; fh++) {
          const r = rowStart + fh;
          if (r < 0 || r >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const c = columnStart + fw;
            if (c >= 0 && c < inWidth) taps[tapCount++] = imageOffset + (r * inWidth + c) * channels;
          }
        }
        for (let channel = 0; channel < channels; channel++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let tap = 0; tap < tapCount; tap++) {
            const index = taps[tap]! + channel;
            const value = x[index]!;
            // Strictly greater than the best so far, starting from −∞, as the cpu kernel does:
            // the first maximum wins and NaN never does (a window of NaN and −∞ passes no gradient).
            if (value > bestValue) {
              best = index;
              bestValue = value;
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
