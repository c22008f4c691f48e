import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import type { HostArray } from '../addon/native-addon.js';
import { allocate, stridesOf } from './host.js';

/** Copies `x` permuted by `perm` into a new array (the Transpose kernel's work). */
export function transposeHost(values: HostArray, shape: number[], perm: number[], dtype: tf.DataType): { values: HostArray; shape: number[] } {
  const strides = stridesOf(shape);
  const outShape = perm.map((axis) => shape[axis] ?? 1);
  const out = allocate(dtype, values.length, false);
  nativeAddon().stridedCopy(
    values,
    0,
    perm.map((axis) => strides[axis] ?? 0),
    out,
    0,
    stridesOf(outShape),
    outShape,
  );
  return { values: out, shape: outShape };
}

/** Copies all of `values` (shaped `shape`) into `out` (shaped `outShape`) starting at `begin`. */
export function copyIntoRegion(values: HostArray, shape: number[], out: HostArray, outShape: number[], begin: number[]): void {
  if (tf.util.sizeFromShape(shape) === 0) return;
  const outStrides = stridesOf(outShape);
  const offset = begin.reduce((sum, start, d) => sum + start * (outStrides[d] ?? 0), 0);
  nativeAddon().stridedCopy(values, 0, stridesOf(shape), out, offset, outStrides, shape);
}

/** Copies the box of `size` starting at `begin` out of `values` (shaped `shape`). */
export function sliceHost(values: HostArray, shape: number[], begin: number[], size: number[], dtype: tf.DataType): HostArray {
  const out = allocate(dtype, tf.util.sizeFromShape(size), false);
  if (out.length === 0) return out;
  const strides = stridesOf(shape);
  const offset = begin.reduce((sum, start, d) => sum + start * (strides[d] ?? 0), 0);
  nativeAddon().stridedCopy(values, offset, strides, out, 0, stridesOf(size), size);
  return out;
}
