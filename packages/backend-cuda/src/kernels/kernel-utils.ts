import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import type { CudaBackend } from '../backend/cuda-backend.js';
import { DeviceType } from '../native/op-codes.js';

/** The backend a kernel runs on, typed. */
export function cudaBackendOf(backend: unknown): CudaBackend {
  return backend as CudaBackend;
}

/** Device element type of a tfjs dtype (bool and int32 share int storage). */
export function deviceTypeOf(dtype: tf.DataType): number {
  if (dtype === 'float32') return DeviceType.float32;
  if (dtype === 'int32' || dtype === 'bool') return DeviceType.int32;
  throw new BackendError(`cuda: dtype '${dtype}' has no device kernels; only float32, int32 and bool do.`);
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = stride;
    stride *= shape[k] as number;
  }
  return strides;
}

/** Strides of `shape` read as `outShape` under numpy broadcasting (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, k) => {
    const dimension = shape[k - offset];
    return dimension === undefined || dimension === 1 ? 0 : (own[k - offset] as number);
  });
}

/**
 * Drops size-1 dimensions and merges neighbours that every stride list walks contiguously, so
 * kernels indexing with at most 6 dimensions handle tensors of any rank that collapse to 6.
 */
export function mergeDimensions(shape: readonly number[], strideLists: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const mergedShape: number[] = [];
  const merged: number[][] = strideLists.map(() => []);
  for (let k = 0; k < shape.length; k++) {
    const dimension = shape[k] as number;
    if (dimension === 1) continue;
    const last = mergedShape.length - 1;
    const contiguous = last >= 0 && strideLists.every((strides, list) => (merged[list] as number[])[last] === (strides[k] as number) * dimension);
    if (contiguous) {
      mergedShape[last] = (mergedShape[last] as number) * dimension;
      strideLists.forEach((strides, list) => {
        (merged[list] as number[])[last] = strides[k] as number;
      });
    } else {
      mergedShape.push(dimension);
      strideLists.forEach((strides, list) => (merged[list] as number[]).push(strides[k] as number));
    }
  }
  if (mergedShape.length === 0) return { shape: [1], strides: strideLists.map(() => [0]) };
  return { shape: mergedShape, strides: merged };
}

/**
 * Copies a strided view of `x` into a new contiguous tensor of `outShape`:
 * out[i] = x[inOffset + Σ i_k·inStrides_k] (with i_k mod modulo_k when tiling).
 */
export function stridedCopy(
  backend: CudaBackend,
  x: tf.TensorInfo,
  outShape: number[],
  inStrides: number[],
  inOffset: number,
  modulo?: number[],
): tf.TensorInfo {
  const out = backend.makeOutput(outShape, x.dtype);
  stridedCopyInto(backend, x, out, outShape, inStrides, inOffset, stridesOf(outShape), 0, modulo);
  return out;
}

/** Copies a strided view of `x` into a strided view of an existing tensor `out`. */
export function stridedCopyInto(
  backend: CudaBackend,
  x: tf.TensorInfo,
  out: tf.TensorInfo,
  shape: number[],
  inStrides: number[],
  inOffset: number,
  outStrides: number[],
  outOffset: number,
  modulo?: number[],
): void {
  if (tf.util.sizeFromShape(shape) === 0) return;
  let view = { shape, strides: [inStrides, outStrides] };
  if (modulo === undefined) view = mergeDimensions(shape, [inStrides, outStrides]);
  if (view.shape.length > 6) throw new BackendError(`cuda: a copy of rank ${view.shape.length} (after merging dimensions) exceeds the kernel limit of 6.`);
  backend.kernels.copyStrided(
    backend.pointerOf(x),
    backend.pointerOf(out),
    view.shape,
    view.strides[0] as number[],
    view.strides[1] as number[],
    inOffset,
    outOffset,
    modulo,
  );
}

/** A view of `x` with another shape of the same size, sharing its data (reference counted). */
export function reshapeInfo(backend: CudaBackend, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Transposes `x` by `perm` into a new tensor. */
export function transposeInfo(backend: CudaBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  const strides = stridesOf(x.shape);
  const outShape = perm.map((axis) => x.shape[axis] as number);
  return stridedCopy(
    backend,
    x,
    outShape,
    perm.map((axis) => strides[axis] as number),
    0,
  );
}

/** Casts `x` to `dtype` into a new tensor (bool keeps 0/1, float→int truncates). */
export function castInfo(backend: CudaBackend, x: tf.TensorInfo, dtype: tf.DataType): tf.TensorInfo {
  if (x.dtype === dtype) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  }
  const out = backend.makeOutput(x.shape, dtype);
  backend.kernels.cast(
    deviceTypeOf(x.dtype),
    deviceTypeOf(dtype),
    dtype === 'bool',
    backend.pointerOf(x),
    backend.pointerOf(out),
    tf.util.sizeFromShape(x.shape),
  );
  return out;
}

/** A tensor of `shape` filled with `value`. */
export function filledInfo(backend: CudaBackend, shape: number[], dtype: tf.DataType, value: number): tf.TensorInfo {
  const out = backend.makeOutput(shape, dtype);
  backend.kernels.fill(deviceTypeOf(dtype), backend.pointerOf(out), tf.util.sizeFromShape(shape), value);
  return out;
}
