import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock } from '../backend/stock-kernels.js';
import { MaxPoolMode, maxPoolRows, maxPoolRunner } from './max-pool-simd.js';

/** Max or average pooling. */
export type PoolMode = 'max' | 'avg';

/**
 * The flat index in `x` (NHWC) of the first maximum of a pool window, the cpu kernel's rule: taps
 * row by row, each replacing the best so far only when strictly greater, from −∞, so NaN never
 * wins; −1 for a window of NaN and −∞ only (or none in the input). Max pooling's output and its
 * gradient's target, on the host.
 */
export function firstMaximum(x: ArrayLike<number>, info: tf.backend_util.Conv2DInfo, n: number, row: number, column: number, channel: number): number {
  const { inHeight, inWidth, inChannels, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const rowStart = row * strideHeight - info.padInfo.top;
  const columnStart = column * strideWidth - info.padInfo.left;
  const rowEnd = Math.min(inHeight, rowStart + effectiveFilterHeight);
  const columnEnd = Math.min(inWidth, columnStart + effectiveFilterWidth);
  let where = -1;
  let best = Number.NEGATIVE_INFINITY;
  for (let r = Math.max(0, rowStart); r < rowEnd; r += info.dilationHeight) {
    for (let c = Math.max(0, columnStart); c < columnEnd; c += info.dilationWidth) {
      const index = ((n * inHeight + r) * inWidth + c) * inChannels + channel;
      if (x[index]! > best) {
        best = x[index]!;
        where = index;
      }
    }
  }
  return where;
}

/**
 * One output of a 2D pool as tfjs-backend-cpu computes it: the maximum ignores NaN (a window of
 * NaN and −∞ only gives −∞, see {@link firstMaximum}) and the average is the sum of the window's
 * in-bounds values divided by their count (NaN when the window holds NaN, or both +∞ and −∞).
 */
export function poolWindow(
  x: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
  mode: PoolMode,
  n: number,
  row: number,
  column: number,
  channel: number,
): number {
  if (mode === 'max') {
    const where = firstMaximum(x, info, n, row, column, channel);
    return where < 0 ? Number.NEGATIVE_INFINITY : x[where]!;
  }
  const { inHeight, inWidth, inChannels, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const rowStart = row * strideHeight - info.padInfo.top;
  const columnStart = column * strideWidth - info.padInfo.left;
  const rowEnd = Math.min(inHeight, rowStart + effectiveFilterHeight);
  const columnEnd = Math.min(inWidth, columnStart + effectiveFilterWidth);
  let sum = 0;
  let count = 0;
  for (let r = Math.max(0, rowStart); r < rowEnd; r += info.dilationHeight) {
    for (let c = Math.max(0, columnStart); c < columnEnd; c += info.dilationWidth) {
      sum += x[((n * inHeight + r) * inWidth + c) * inChannels + channel]!;
      count++;
    }
  }
  return sum / count;
}

/** Whether `values` holds a NaN (a plain loop: `some` with a callback costs ≈ 15 ns per element). */
function containsNaN(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/** Whether some window lies wholly in the padding (explicit pads at least a window wide). */
export function hasEmptyWindow(info: tf.backend_util.Conv2DInfo): boolean {
  const { top, left } = info.padInfo;
  const lastRow = (info.outHeight - 1) * info.strideHeight - top;
  const lastColumn = (info.outWidth - 1) * info.strideWidth - left;
  return top >= info.effectiveFilterHeight || left >= info.effectiveFilterWidth || lastRow >= info.inHeight || lastColumn >= info.inWidth;
}

/** Fills `out` (NHWC, `info.outShape`) with {@link poolWindow} for every output of channels [firstChannel, outChannels). */
function poolChannelsOnHost(x: ArrayLike<number>, out: Float32Array, info: tf.backend_util.Conv2DInfo, mode: PoolMode, firstChannel: number): void {
  const channels = info.outChannels;
  let pixel = 0;
  for (let n = 0; n < info.batchSize; n++) {
    for (let row = 0; row < info.outHeight; row++) {
      for (let column = 0; column < info.outWidth; column++, pixel += channels) {
        for (let channel = firstChannel; channel < channels; channel++) out[pixel + channel] = poolWindow(x, info, mode, n, row, column, channel);
      }
    }
  }
}

/** Fills `out` (NHWC, `info.outShape`) with {@link poolWindow} for every output. */
export function poolOnHost(x: ArrayLike<number>, out: Float32Array, info: tf.backend_util.Conv2DInfo, mode: PoolMode): void {
  poolChannelsOnHost(x, out, info, mode, 0);
}

/**
 * Recomputes with {@link poolWindow} every output that is NaN or −∞. XNNPACK's pooling clamps its
 * result to [−∞, ∞] with selects that turn NaN into −∞, so a window holding NaN came out −∞ where
 * the cpu kernel gives NaN (average). For average pooling every other output already agrees, so
 * only those few windows are redone; max pooling of an input holding NaN is redone whole (see
 * {@link pool2d}).
 */
export function repairNonfinitePool(x: ArrayLike<number>, out: Float32Array, info: tf.backend_util.Conv2DInfo, mode: PoolMode): void {
  const { outHeight, outWidth, outChannels } = info;
  for (let index = 0; index < out.length; index++) {
    const value = out[index]!;
    if (!Number.isNaN(value) && value !== Number.NEGATIVE_INFINITY) continue;
    const channel = index % outChannels;
    const pixel = (index - channel) / outChannels;
    const column = pixel % outWidth;
    const row = ((pixel - column) / outWidth) % outHeight;
    const n = Math.floor(pixel / (outWidth * outHeight));
    out[index] = poolWindow(x, info, mode, n, row, column, channel);
  }
}

/**
 * A 2D pool on 'wasm' that never hands XNNPACK a window it cannot handle and agrees with the cpu
 * kernel on NaN and ±∞: an empty output (a window larger than its input, or a zero batch) is
 * returned without calling the stock kernel, which wrote out of bounds for it ("memory access out
 * of bounds", after which every call into the instance could hang); windows wholly in explicit
 * padding are computed on the host; max pooling of the rest runs in a SIMD module
 * (max-pool-simd.ts: the cpu kernel's rule, four channels at a time; channels beyond a multiple of
 * four and runtimes without WebAssembly SIMD on the host), average pooling in the stock kernel and
 * then {@link repairNonfinitePool}.
 */
export function pool2d(kernelName: string, mode: PoolMode, { inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x } = inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return runStock(kernelName, { inputs, backend: wasm, attrs });
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolAttrs;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  // tfjs's shape arithmetic gives −0 or a negative length for a window longer than the input.
  if (info.outShape.some((length) => length <= 0))
    return wasm.makeOutput(
      info.outShape.map((length) => Math.max(0, length)),
      'float32',
    );
  if (hasEmptyWindow(info)) {
    const out = wasm.makeOutput(info.outShape, 'float32');
    poolOnHost(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(out) as Float32Array, info, mode);
    return out;
  }
  // Fewer than four channels leave the module nothing to do: XNNPACK, then the repair, is faster there.
  const run = mode === 'max' && info.inChannels >= 4 ? maxPoolRunner(wasm) : undefined;
  if (run !== undefined) {
    const out = wasm.makeOutput(info.outShape, 'float32');
    // Views after makeOutput, which may grow (and so replace) the heap buffer.
    const xView = wasm.typedArrayFromHeap(x) as Float32Array;
    const outView = wasm.typedArrayFromHeap(out) as Float32Array;
    maxPoolRows(run, info, xView, outView, undefined, MaxPoolMode.Forward);
    poolChannelsOnHost(xView, outView, info, mode, info.inChannels - (info.inChannels % 4));
    return out;
  }
  const out = runStock(kernelName, { inputs, backend: wasm, attrs });
  // Views are taken after the stock kernel ran: its makeOutput may have grown the heap.
  const xView = wasm.typedArrayFromHeap(x) as Float32Array;
  const outView = wasm.typedArrayFromHeap(out) as Float32Array;
  // XNNPACK's running maximum restarts at a NaN (x86's max returns its second operand when one is
  // NaN), so a window like [3, NaN, 2] came out 2, finite and wrong: with any NaN in the input, max
  // pooling is redone on the host. (A sum with NaN stays NaN, so average pooling only needs the repair.)
  if (mode === 'max' && containsNaN(xView)) poolOnHost(xView, outView, info, mode);
  else repairNonfinitePool(xView, outView, info, mode);
  return out;
}
