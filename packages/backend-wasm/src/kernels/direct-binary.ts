import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runOnCpuCopying } from '@keras-ts/backend-kit';
import { stockKernel } from '../backend/stock-kernels.js';
import { heapScratch, heapScratchViews } from './heap-module.js';

// tfjs-backend-wasm's binary kernels (Add, Multiply, Sub, …) call their C++ function through
// emscripten's `cwrap` with the operand shapes as 'array' arguments: every call makes two
// ArrayBuffers for the shapes (`new Uint8Array(new Int32Array(shape).buffer)`), and `ccall` then
// builds its argument list and copies both arrays onto the stack. In a compiled training step that
// is most of what the step allocates besides its outputs — ≈ 50 KB of garbage per step of seed
// 001's model, whose young-generation collections then cost ≈ 0.1 ms per 0.5 ms step. These
// kernels call the same exported function with the same arguments, the shapes written into a
// scratch area of the heap taken once per backend: same results, nothing allocated but the output.
// Operands of more than 6 dimensions go to tfjs-backend-cpu's kernel: the stock kernels answer them
// with uninitialised heap memory (XNNPACK's binary operators take at most 6 dimensions, and the
// stock wrapper does not check).

/** Binary kernels of tfjs-backend-wasm with the common signature, and the dtype of their output (`undefined`: the first input's). */
const BINARY_KERNELS: readonly [name: string, outputDtype?: tf.DataType][] = [
  ['Add'],
  ['Atan2'],
  ['BitwiseAnd'],
  ['FloorDiv'],
  ['Mod'],
  ['Multiply'],
  ['Pow'],
  ['RealDiv'],
  ['SquaredDifference'],
  ['Sub'],
  ['Equal', 'bool'],
  ['NotEqual', 'bool'],
  ['Greater', 'bool'],
  ['GreaterEqual', 'bool'],
  ['Less', 'bool'],
  ['LessEqual', 'bool'],
  ['LogicalAnd', 'bool'],
  ['LogicalOr', 'bool'],
  ['LogicalXor', 'bool'],
];

/** tfjs-backend-wasm's `CppDType` codes. */
const DTYPE_CODES: Record<string, number> = { float32: 0, int32: 1, bool: 2, string: 3, complex64: 4 };

/** The most dimensions the stock binary kernels broadcast correctly (XNNPACK's `XNN_MAX_TENSOR_DIMS`); higher ranks run on cpu. */
const MAX_RANK = 6; // both shapes, 2 × 6 int32, go into the heap scratch area (heap-module.ts, 64 bytes)

/** `void f(a_id, a_shape*, a_rank, b_id, b_shape*, b_rank, dtype, out_id)`, as tfjs-backend-wasm exports it. */
type BinaryFunction = (aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, dtype: number, outId: number) => void;

/** A binary kernel calling tfjs-backend-wasm's export `_<kernelName>` directly (see the file's comment). */
function directBinaryKernel(kernelName: string, outputDtype: tf.DataType | undefined): tf.KernelConfig {
  const exported = `_${kernelName}`;
  const kernelFunc = (args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const run = (backend.wasm as unknown as Record<string, BinaryFunction | undefined>)[exported];
    if (a.shape.length > MAX_RANK || b.shape.length > MAX_RANK) return runOnCpuCopying(kernelName, args) as tf.TensorInfo;
    const scratch = run === undefined ? undefined : heapScratch(backend);
    if (scratch === undefined) return stockKernel(kernelName).kernelFunc(args) as tf.TensorInfo;
    const out = backend.makeOutput(tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape), outputDtype ?? a.dtype);
    if (tf.util.sizeFromShape(out.shape) === 0) return out;
    // The view after makeOutput, which may grow (and so replace) the heap buffer.
    const view = heapScratchViews(scratch).int32;
    for (let axis = 0; axis < a.shape.length; axis++) view[axis] = a.shape[axis]!;
    for (let axis = 0; axis < b.shape.length; axis++) view[MAX_RANK + axis] = b.shape[axis]!;
    const { dataIdMap } = backend;
    run!(
      dataIdMap.get(a.dataId)!.id,
      scratch.address,
      a.shape.length,
      dataIdMap.get(b.dataId)!.id,
      scratch.address + 4 * MAX_RANK,
      b.shape.length,
      DTYPE_CODES[a.dtype]!,
      dataIdMap.get(out.dataId)!.id,
    );
    return out;
  };
  // The stock kernel's setup (its cwrap) still runs: where the heap cannot be reached, calls go through it.
  return { kernelName, backendName: 'wasm', setupFunc: stockKernel(kernelName).setupFunc, kernelFunc };
}

/** The binary kernels that call tfjs-backend-wasm's exports without `cwrap` (see the file's comment). */
export const directBinaryKernelConfigs: readonly tf.KernelConfig[] = BINARY_KERNELS.map(([name, dtype]) => directBinaryKernel(name, dtype));
