import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Elementwise maps that treat NaN as tfjs-backend-cpu does. XNNPACK's clamps (ReLU, ReLU6,
 * clip, the output range of fused ops and pooling) are built on `pmin`/`pmax`-style selects that
 * return the bound for NaN, so on stock 'wasm' `relu(NaN)` was 0 and `clip(NaN, lo, hi)` was `lo`:
 * a diverged model showed a finite loss there and NaN on every other backend. These comparisons
 * are false for NaN, which therefore passes through.
 */

/** `x < low ? low : x > high ? high : x`: clipByValue, ReLU (0, ∞) and ReLU6 (0, 6); NaN stays NaN. */
export function clampPreservingNaN(source: ArrayLike<number>, target: { [index: number]: number; length: number }, low: number, high: number): void {
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
    const values = (args.backend as BackendWasm).typedArrayFromHeap(out);
    clampPreservingNaN(values, values, bounds[0], bounds[1]);
    return out;
  };
}
