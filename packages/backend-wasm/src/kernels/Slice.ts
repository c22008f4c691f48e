import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, stockKernel } from '../backend/stock-kernels.js';

/**
 * Slice reading the input in place on the wasm heap. tfjs-backend-wasm's kernel first copies the
 * whole input out of the heap (`readSync`), so taking a 128-row batch from a 60,000-row dataset
 * cost ~170 ms; this copies only the rows (or runs) the slice keeps.
 */
function slice(args: KernelArguments): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = (inputs as { x: tf.TensorInfo }).x;
  if (x.dtype === 'string' || x.dtype === 'complex64') return stockKernel(tf.Slice).kernelFunc(args) as tf.TensorInfo;
  const wasm = backend as BackendWasm;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs?.begin as number[], attrs?.size as number[]) as [number[], number[]];
  const out = wasm.makeOutput(size, x.dtype);
  if (tf.util.sizeFromShape(size) === 0) return out;
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const input = wasm.typedArrayFromHeap(x);
  const output = wasm.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    output.set(input.subarray(offset, offset + output.length));
    return out;
  }
  // Copy contiguous runs along the last axis, walking the other axes like an odometer.
  const rank = x.shape.length;
  const run = size[rank - 1]!;
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let written = 0; written < output.length; written += run) {
    let source = begin[rank - 1]!;
    for (let axis = 0; axis < rank - 1; axis++) source += (begin[axis]! + index[axis]!) * strides[axis]!;
    output.set(input.subarray(source, source + run), written);
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis] = index[axis]! + 1;
      if (index[axis]! < size[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Registration of {@link slice} on 'wasm'. */
export const sliceConfig: tf.KernelConfig = { kernelName: tf.Slice, backendName: 'wasm', kernelFunc: slice as unknown as tf.KernelFunc };
