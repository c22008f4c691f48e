import * as tf from '@tensorflow/tfjs-core';
import { recordFallback } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import type { HostArray } from '../addon/native-addon.js';
import { bufferPool } from './buffer-pool.js';

/** The registry name of this backend. */
export const BACKEND_NAME = 'native';

/**
 * A host array for `size` elements of a dtype the addon handles, reused from disposed tensors
 * when one of that size is free (see BufferPool). Zero-filled unless `zeroed` is false, which
 * kernels that write every element pass.
 */
export function allocate(dtype: tf.DataType, size: number, zeroed = true): HostArray {
  let values: HostArray;
  if (dtype === 'float32') values = bufferPool.take(Float32Array, size, zeroed);
  else if (dtype === 'int32') values = bufferPool.take(Int32Array, size, zeroed);
  else if (dtype === 'bool') values = bufferPool.take(Uint8Array, size, zeroed);
  else throw new BackendError(`@keras-ts/backend-native: cannot allocate dtype '${dtype}'; expected float32, int32 or bool.`);
  kernelWatch.allocated?.(values, zeroed);
  return values;
}

/**
 * Observers of what kernels do, set only while a step program is being recorded (see
 * step-program.ts): every array a kernel allocates (and whether it asked for zeros), and every
 * fallback to a cpu kernel.
 */
export const kernelWatch: {
  allocated?: (values: HostArray, zeroed: boolean) => void;
  fellBack?: (kernelName: string) => void;
} = {};

/** True when every tensor has one of the dtypes the addon handles (not complex64 / string). */
export function hostTyped(...infos: Array<tf.TensorInfo | undefined>): boolean {
  return infos.every((info) => info === undefined || info.dtype === 'float32' || info.dtype === 'int32' || info.dtype === 'bool');
}

/**
 * Throws, naming the kernel, the input, the expected and the actual dtype and shape, unless
 * every input in `infos` is a float32 tensor of `shape` (the check the fused Keras kernels make).
 */
export function requireFloat32Inputs(
  kernel: string,
  infos: Record<string, tf.TensorInfo | undefined>,
  shape: readonly number[],
  { expected = `of shape [${shape}]`, hint = 'Use the unfused ops for other dtypes or shapes.' } = {},
): void {
  for (const [name, info] of Object.entries(infos)) {
    if (info === undefined || info.dtype !== 'float32' || info.shape.join() !== shape.join())
      throw new BackendError(
        `${kernel}: input '${name}' must be a float32 tensor ${expected}, got ${info === undefined ? 'nothing' : `${info.dtype} [${info.shape}]`}. ${hint}`,
      );
  }
}

/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] ?? 1) * (shape[d + 1] ?? 1);
  return strides;
}

/** Strides that walk `shape` broadcast to `outShape` (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const dim = shape[d - offset];
    return dim === undefined || dim === 1 ? 0 : (own[d - offset] ?? 0);
  });
}

/**
 * Runs the cpu kernel for a case the addon does not cover (complex64 or string tensors, rare
 * attributes), counting it as a fallback exactly as the registered fallbacks are counted.
 */
export function cpuFallback(kernelName: string, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const config = tf.getKernel(kernelName, 'cpu');
  if (config === undefined) throw new BackendError(`@keras-ts/backend-native: no cpu kernel '${kernelName}' to fall back to.`);
  recordFallback(BACKEND_NAME, kernelName);
  kernelWatch.fellBack?.(kernelName);
  return config.kernelFunc(args);
}
