import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { clampTensor } from './nan-preserving.js';

/**
 * ClipByValue on the wasm heap, NaN kept as NaN (the cpu kernel's rule). Replaces the stock
 * XNNPACK clamp, which maps NaN to the lower bound: categorical crossentropy clips its
 * probabilities, so a NaN prediction gave the finite loss −log(1e−7) ≈ 16.1 on 'wasm' and NaN on
 * every other backend.
 */
function clipByValue({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x } = inputs as { x: tf.TensorInfo };
  const { clipValueMin, clipValueMax } = attrs as unknown as tf.ClipByValueAttrs;
  const out = wasm.makeOutput(x.shape, x.dtype);
  clampTensor(wasm, x, out, clipValueMin, clipValueMax);
  return out;
}

/** ClipByValue for 'wasm' (replaces the stock kernel, see above). */
export const clipByValueConfig: tf.KernelConfig = {
  kernelName: tf.ClipByValue,
  backendName: 'wasm',
  kernelFunc: clipByValue,
};
