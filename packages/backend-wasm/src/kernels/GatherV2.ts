import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ValueError } from '@keras-ts/common';
import { type KernelArguments, stockKernel } from '../backend/stock-kernels.js';
import { gatherRowsRunner } from './gather-rows.js';

/** Without the bulk-memory module, slices shorter than this many elements go to the stock kernel (one typed-array copy per slice costs more). */
const MIN_SLICE = 16;

/**
 * GatherV2 copying whole slices in place on the wasm heap. tfjs-backend-wasm's kernel computes
 * every output element's coordinates on its own, so gathering a 128-row batch of 784 features
 * took 4–6 ms; this copies each gathered slice as one block (`memory.copy` in a small module,
 * gather-rows.ts, where the runtime has bulk memory; else one typed-array copy per slice). Gathers with `batchDims`, other
 * dtypes, and without the module short slices (e.g. along the last axis) run the stock kernel.
 */
function gatherV2(args: KernelArguments): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const batchDims = Number(attrs?.batchDims ?? 0);
  const wasm = backend as BackendWasm;
  const axis = tf.util.parseAxisParam(attrs?.axis as number, x.shape)[0]!;
  const sliceSize = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const plainDtype = x.dtype === 'float32' || x.dtype === 'int32' || x.dtype === 'bool';
  // The module copies a slice of any length for the cost of a loop turn: a batch of one-hot
  // targets (10 floats a row) or of labels (one) takes it too, at a fifth of the stock kernel's time.
  const run = gatherRowsRunner(wasm);
  if (batchDims !== 0 || (run === undefined && sliceSize < MIN_SLICE) || !plainDtype || indices.dtype !== 'int32') {
    return stockKernel(tf.GatherV2).kernelFunc(args) as tf.TensorInfo;
  }
  const axisSize = x.shape[axis]!;
  const outerSize = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const positions = wasm.typedArrayFromHeap(indices) as Int32Array;
  for (const position of positions) {
    if (position < 0 || position >= axisSize) {
      throw new ValueError(`GatherV2: index ${position} is outside [0, ${axisSize - 1}] for axis ${axis} of x [${x.shape}]; pass indices in range.`);
    }
  }
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = wasm.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const input = wasm.typedArrayFromHeap(x);
  const output = wasm.typedArrayFromHeap(out);
  const picked = wasm.typedArrayFromHeap(indices) as Int32Array;
  if (run !== undefined) {
    const sliceBytes = sliceSize * input.BYTES_PER_ELEMENT;
    for (let outer = 0; outer < outerSize; outer++) {
      run(
        input.byteOffset + outer * axisSize * sliceBytes,
        picked.byteOffset,
        picked.length,
        sliceBytes,
        output.byteOffset + outer * picked.length * sliceBytes,
      );
    }
    return out;
  }
  let written = 0;
  for (let outer = 0; outer < outerSize; outer++) {
    const base = outer * axisSize * sliceSize;
    for (const position of picked) {
      const start = base + position * sliceSize;
      output.set(input.subarray(start, start + sliceSize), written);
      written += sliceSize;
    }
  }
  return out;
}

/** Registration of {@link gatherV2} on 'wasm'. */
export const gatherV2Config: tf.KernelConfig = {
  kernelName: tf.GatherV2,
  backendName: 'wasm',
  // The stock kernel's setup binds its C++ entry point, which the fallback path calls.
  setupFunc: stockKernel(tf.GatherV2).setupFunc,
  kernelFunc: gatherV2 as unknown as tf.KernelFunc,
};
