import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';

/**
 * Throws a `BackendError` naming the kernel and the input, unless `info` is a float32 tensor of
 * `shape`; `fix` (a sentence) ends the message. Allocates nothing when the input is right: kernels
 * check every call.
 */
export function requireFloat32(kernelName: string, name: string, info: tf.TensorInfo | undefined, shape: readonly number[], fix = ''): void {
  if (info !== undefined && info.dtype === 'float32' && sameShape(info.shape, shape)) return;
  throw new BackendError(
    `${kernelName}: input '${name}' must be a float32 tensor of shape [${shape}], got ${info === undefined ? 'nothing' : `${info.dtype} [${info.shape}]`}.${fix === '' ? '' : ` ${fix}`}`,
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The advice of the fused optimizer updates' input errors. */
export const UNFUSED = 'Use the unfused ops for other dtypes.';

/** The float32 heap view of a tensor (taken again after any allocation: the heap may grow). */
export function heap(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}
