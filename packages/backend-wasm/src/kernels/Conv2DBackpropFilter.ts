import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';
import { type KernelArguments, runStock } from '../backend/stock-kernels.js';
import { batchMatMulWithPlan, planMatMul } from './BatchMatMul.js';
import { type Im2colRunner, im2colRunner } from './im2col-simd.js';
import { disposeIntermediate, transposeWith } from './transpose.js';

/** Upper bound on the im2col buffer (floats); larger batches are processed in chunks. */
const maxColumnElements = 1 << 22;

interface Geometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  top: number;
  left: number;
}

/** Writes the patches of images [first, first + count) as rows (n, oh, ow) × columns (fh, fw, ci). */
function fillColumns(columns: Float32Array, x: Float32Array, first: number, count: number, g: Geometry): void {
  // The geometry in locals: the object comes from a spread of tfjs's conv info, whose property
  // reads in this loop cost more than the copies.
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, top, left } = g;
  const patch = filterHeight * filterWidth * inChannels;
  const imageSize = inHeight * inWidth * inChannels;
  let row = 0;
  for (let n = first; n < first + count; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        let target = row * patch;
        for (let fh = 0; fh < filterHeight; fh++) {
          const r = oh * strideHeight + fh - top;
          for (let fw = 0; fw < filterWidth; fw++, target += inChannels) {
            const c = ow * strideWidth + fw - left;
            if (r < 0 || r >= inHeight || c < 0 || c >= inWidth) {
              for (let channel = 0; channel < inChannels; channel++) columns[target + channel] = 0;
              continue;
            }
            const source = n * imageSize + (r * inWidth + c) * inChannels;
            // Channels are contiguous in NHWC: one block copy per filter tap, or, for a few
            // channels, a plain loop (a subarray per tap cost ≈ 50 ns, most of a 1-channel step).
            if (inChannels >= 16) columns.set(x.subarray(source, source + inChannels), target);
            else for (let channel = 0; channel < inChannels; channel++) columns[target + channel] = x[source + channel]!;
          }
        }
      }
    }
  }
}

/** {@link fillColumns} by the im2col module (im2col-simd.ts), both views on the heap. */
function fillColumnsOnHeap(run: Im2colRunner, columns: Float32Array, x: Float32Array, first: number, count: number, g: Geometry): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, top, left } = g;
  const imageBytes = 4 * inHeight * inWidth * inChannels;
  run(
    x.byteOffset + first * imageBytes,
    columns.byteOffset,
    count,
    inHeight,
    inWidth,
    4 * inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    top,
    left,
  );
}

/**
 * The filter gradient as im2col + one matmul per chunk of images:
 * `dW [fh·fw·ci, co] = columnsᵀ · dy [n·oh·ow, co]`, where `columns` holds each output position's
 * input patch. The matmul is this package's fast transposed BatchMatMul. Measured faster than
 * expressing dW as a Conv2D on transposed tensors (bench notes in the README).
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  let { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new BackendError(`Conv2DBackpropFilter on wasm expects float32 x and dy, got ${x.dtype} and ${dy.dtype}; cast them first.`);
  }
  const created: tf.TensorInfo[] = [];
  const keep = (info: tf.TensorInfo): tf.TensorInfo => {
    created.push(info);
    return info;
  };
  try {
    if (dataFormat === 'NCHW') {
      x = keep(transposeWith(wasm, x, [0, 2, 3, 1]));
      dy = keep(transposeWith(wasm, dy, [0, 2, 3, 1]));
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const geometry: Geometry = { ...info, top: info.padInfo.top, left: info.padInfo.left };
    const patch = info.filterHeight * info.filterWidth * info.inChannels;
    const rowsPerImage = info.outHeight * info.outWidth;
    const imagesPerChunk = Math.max(1, Math.floor(maxColumnElements / (rowsPerImage * patch)));
    let total: tf.TensorInfo | undefined;
    for (let first = 0; first < info.batchSize; first += imagesPerChunk) {
      const count = Math.min(imagesPerChunk, info.batchSize - first);
      const columns = keep(wasm.makeOutput([count * rowsPerImage, patch], 'float32'));
      // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
      const columnsView = wasm.typedArrayFromHeap(columns) as Float32Array;
      const xView = wasm.typedArrayFromHeap(x) as Float32Array;
      const im2col = im2colRunner(wasm);
      if (im2col === undefined) fillColumns(columnsView, xView, first, count, geometry);
      else fillColumnsOnHeap(im2col, columnsView, xView, first, count, geometry);
      let gradientRows = dy;
      if (count !== info.batchSize) {
        gradientRows = keep(
          runStock(tf.Slice, {
            inputs: { x: dy },
            backend: wasm,
            attrs: { begin: [first, 0, 0, 0], size: [count, info.outHeight, info.outWidth, info.outChannels] },
          }),
        );
      }
      const dy2d = keep(runStock(tf.Reshape, { inputs: { x: gradientRows }, backend: wasm, attrs: { shape: [count * rowsPerImage, info.outChannels] } }));
      const plan = planMatMul(wasm, columns, dy2d, true, false);
      const partial = keep(batchMatMulWithPlan(wasm, columns, dy2d, true, false, plan));
      total = total === undefined ? partial : keep(runStock(tf.Add, { inputs: { a: total, b: partial }, backend: wasm }));
    }
    return runStock(tf.Reshape, { inputs: { x: total! }, backend: wasm, attrs: { shape: filterShape } });
  } finally {
    disposeIntermediate(wasm, created);
  }
}

/** Conv2DBackpropFilter for 'wasm' (missing from tfjs-backend-wasm): Conv training. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
