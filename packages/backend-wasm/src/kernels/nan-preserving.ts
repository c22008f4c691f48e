import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { clampOnHeap } from './clamp-simd.js';

/**
 * Elementwise maps that treat NaN as tfjs-backend-cpu does. XNNPACK's clamps (ReLU, ReLU6,
 * clip, the output range of fused ops and pooling) are built on `pmin`/`pmax`-style selects that
 * return the bound for NaN, so on stock 'wasm' `relu(NaN)` was 0 and `clip(NaN, lo, hi)` was `lo`:
 * a diverged model showed a finite loss there and NaN on every other backend. WebAssembly's own
 * `f32x4.min` / `f32x4.max` and JavaScript's comparisons let NaN through.
 */

/**
 * `min(max(x, low), high)` from tensor `x` into `out` (same shape and dtype) on the wasm heap,
 * NaN kept: clipByValue, ReLU (0, ∞) and ReLU6 (0, 6). float32 runs four at a time in a small
 * SIMD module ({@link clampOnHeap}); other dtypes in JS.
 */
export function clampTensor(backend: BackendWasm, x: tf.TensorInfo, out: tf.TensorInfo, low: number, high: number): void {
  // Views are taken after `out` was made: making it may have grown (and so replaced) the heap.
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  if (source instanceof Float32Array && target instanceof Float32Array) {
    clampOnHeap(backend, source, target, low, high);
    return;
  }
  for (let i = 0; i < target.length; i++) {
    const value = source[i]!;
    target[i] = value < low ? low : value > high ? high : value;
  }
}

/** The bounds of the activations fused kernels clamp with, or undefined for the others. */
export function clampBounds(activation: unknown): [number, number] | undefined {
  if (activation === 'relu') return [0, Number.POSITIVE_INFINITY];
  if (activation === 'relu6') return [0, 6];
  return undefined;
}

/**
 * Wraps a fused kernel (matMul or convolution with an activation) so that ReLU and ReLU6 keep
 * NaN: the kernel runs with the linear activation and the clamp is applied here, in place.
 * XNNPACK fuses ReLU as an output clamp, which turned NaN into 0. Other activations (the kernels
 * apply them after the clamp-free product) already keep NaN and pass through untouched.
 */
export function withNaNPreservingClamp(kernelFunc: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const bounds = clampBounds(args.attrs?.activation);
    if (bounds === undefined) return kernelFunc(args);
    const out = kernelFunc({ ...args, attrs: { ...args.attrs, activation: 'linear' } }) as tf.TensorInfo;
    clampTensor(args.backend as BackendWasm, out, out, bounds[0], bounds[1]);
    return out;
  };
}
