import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';

/** Per-axis steps through `shape`'s values when it is broadcast to `outShape` (0 on broadcast axes). */
function broadcastSteps(shape: number[], outShape: number[]): number[] {
  const steps = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const outAxis = axis + outShape.length - shape.length;
    if (shape[axis] !== 1) steps[outAxis] = stride;
    stride *= shape[axis]!;
  }
  return steps;
}

/**
 * `combine(a, b)` elementwise with numpy broadcasting, on the wasm heap, in `dtype`. One pass over
 * the output; the operand offsets advance with an odometer, so no index is divided.
 */
export function broadcastBinary(
  wasm: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  dtype: tf.DataType,
  combine: (a: number, b: number) => number,
): tf.TensorInfo {
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = wasm.makeOutput(outShape, dtype);
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const result = wasm.typedArrayFromHeap(out);
  const left = wasm.typedArrayFromHeap(a);
  const right = wasm.typedArrayFromHeap(b);
  const size = result.length;
  if (left.length === size && right.length === size) {
    for (let i = 0; i < size; i++) result[i] = combine(left[i]!, right[i]!);
    return out;
  }
  if (right.length === 1 && left.length === size) {
    const value = right[0]!;
    for (let i = 0; i < size; i++) result[i] = combine(left[i]!, value);
    return out;
  }
  if (left.length === 1 && right.length === size) {
    const value = left[0]!;
    for (let i = 0; i < size; i++) result[i] = combine(value, right[i]!);
    return out;
  }
  const rank = outShape.length;
  const leftSteps = broadcastSteps(a.shape, outShape);
  const rightSteps = broadcastSteps(b.shape, outShape);
  const position = new Array<number>(rank).fill(0);
  let leftIndex = 0;
  let rightIndex = 0;
  for (let i = 0; i < size; i++) {
    result[i] = combine(left[leftIndex]!, right[rightIndex]!);
    for (let axis = rank - 1; axis >= 0; axis--) {
      leftIndex += leftSteps[axis]!;
      rightIndex += rightSteps[axis]!;
      if (++position[axis]! < outShape[axis]!) break;
      leftIndex -= leftSteps[axis]! * outShape[axis]!;
      rightIndex -= rightSteps[axis]! * outShape[axis]!;
      position[axis] = 0;
    }
  }
  return out;
}

/**
 * A 'wasm' kernel config for the binary kernel `kernelName` computed as `combine` in JS (float32
 * and int32, broadcasting), as the cpu kernel computes it; other dtypes run the stock kernel,
 * whose setup it keeps.
 */
export function jsBinaryKernelConfig(kernelName: string, combine: (a: number, b: number) => number): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    setupFunc: stockKernel(kernelName).setupFunc,
    kernelFunc: ({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo => {
      const wasm = backend as BackendWasm;
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const dtype = tf.upcastType(a.dtype, b.dtype);
      if (dtype !== 'float32' && dtype !== 'int32') return runStock(kernelName, { inputs, backend: wasm, attrs });
      return broadcastBinary(wasm, a, b, dtype, combine);
    },
  };
}
