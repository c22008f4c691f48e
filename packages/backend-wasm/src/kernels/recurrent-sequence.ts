import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';
import { wasmBackendThreads } from '../backend/create-backend.js';
import { onPoolFor } from '../backend/small-kernel-pool.js';
import { runStock } from '../backend/stock-kernels.js';
import { batchMatMulConfig } from './BatchMatMul.js';
import { columnSumsRunner } from './column-sums-simd.js';
import { heapMemory, heapRunnerModuleOf } from './heap-module.js';
import { heapWorkers, rowBands } from './heap-workers.js';
import { tanh } from './Tanh.js';

// Shared plumbing of the whole-sequence LSTM and GRU kernels on 'wasm': the matrix products run
// as wasm BatchMatMul kernel calls (XNNPACK, transposed operands planned as BatchMatMul plans
// them) on TensorInfos over the heap, and the gate arithmetic in JavaScript directly on heap views,
// each operation rounded to float32 in the order of the layers' op chain. No tensor is created.

/** `info`'s data seen with another shape (as Reshape does; the data is not copied). */
export function viewAs(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * `op(a) · op(b)` of rank-3 operands through the registered wasm BatchMatMul, on the thread pool
 * its size calls for (a step's `h·U` is small, the projection of a long sequence is not).
 */
export function matMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA = false, transposeB = false): tf.TensorInfo {
  const inputs = { a, b };
  const attrs = { transposeA, transposeB };
  return onPoolFor('BatchMatMul', inputs, attrs, () => batchMatMulConfig.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo);
}

/**
 * Sigmoid or Tanh of a heap tensor with the kernels the layers' per-step op chain runs on 'wasm'
 * (XNNPACK's Sigmoid; this package's SIMD Tanh), as a new heap tensor the caller disposes.
 */
export function activate(backend: BackendWasm, kernelName: 'Sigmoid' | 'Tanh', x: tf.TensorInfo): tf.TensorInfo {
  if (kernelName === 'Tanh') return tanh({ inputs: { x }, backend, attrs: {} });
  return onPoolFor(kernelName, { x }, undefined, () => runStock(kernelName, { inputs: { x }, backend }));
}

import { requireFloat32 } from './kernel-inputs.js';

export { heap, requireFloat32 } from './kernel-inputs.js';

/**
 * Copies `rows` rows of `width` elements into `target`, contiguous: row r from
 * `source[from + r·stride …]`. An element loop, not a `subarray` view per row: the LSTM made one
 * per batch row per time step, ≈ 0.3 MB of garbage per training step of seed 004's stacked LSTM.
 */
export function copyRows(source: Float32Array, from: number, stride: number, target: Float32Array, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const start = from + r * stride;
    const at = r * width;
    for (let j = 0; j < width; j++) target[at + j] = source[start + j]!;
  }
}

/** `[batch, time, features, units]` of a whole-sequence kernel's `x` and recurrent kernel. */
export function sequenceDims(kernelName: string, x: tf.TensorInfo | undefined, recurrentKernel: tf.TensorInfo | undefined, gates: number): number[] {
  if (x === undefined || x.shape.length !== 3 || recurrentKernel === undefined || recurrentKernel.shape.length !== 2) {
    throw new BackendError(`${kernelName}: x must be [batch, time, features] and recurrentKernel [units, ${gates}·units].`);
  }
  const [batch, time, features] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0]!;
  requireFloat32(kernelName, 'x', x, [batch, time, features]);
  requireFloat32(kernelName, 'recurrentKernel', recurrentKernel, [units, gates * units]);
  return [batch, time, features, units];
}

export const f = Math.fround;
/** Keras's masked step in float32: `next·keep + previous·(1 − keep)`. */
export const blend = (next: number, previous: number, keep: number): number => f(f(next * keep) + f(previous * f(1 - keep)));

/**
 * Column sums of a rows × cols block of `matrix` into `out` from `at`, accumulated in double and
 * rounded once to float32. Heap views go through the SIMD loop (column-sums-simd.ts, the same
 * additions in the same order) for all but an odd last column.
 */
export function columnSums(backend: BackendWasm, matrix: Float32Array, rows: number, cols: number, out: Float32Array, at = 0): void {
  let done = 0;
  const onHeap = cols >= 2 && matrix.buffer === out.buffer && matrix.buffer === heapMemory(backend)?.buffer;
  const run = onHeap ? columnSumsRunner(backend) : undefined;
  if (run !== undefined) {
    run(matrix.byteOffset, rows, cols * 4, out.byteOffset + at * 4, cols);
    done = cols & ~1;
  }
  const sums = new Float64Array(cols - done);
  for (let i = 0; i < rows; i++) for (let j = done; j < cols; j++) sums[j - done] = sums[j - done]! + matrix[i * cols + j]!;
  for (let j = done; j < cols; j++) out[at + j] = sums[j - done]!;
}

/**
 * Work (multiply-adds of a kernel's recurrent products over all its steps) from which a recurrent
 * step module's rows are shared with the heap helpers. Measured on a 2-core VM, each setting
 * alternating in one process: the stacked LSTM's layers (2^21) trained 1.12–1.28× slower in bands, at
 * 32 steps (2^23) the same, at 128 steps (2^25) 0.74–0.79× the time and QA's 100-step LSTM (2^24.6)
 * 0.91×. A hand-off to a sleeping helper and back takes ≈ 43 µs (≈ 1 µs to one that polls), of
 * which the wake-up costs the caller ≈ 18 µs; the seed model's whole forward kernel is ≈ 0.4 ms.
 */
const MIN_BANDED_STEP_WORK = 2 ** 24;

/**
 * How many row bands a step module's calls over `rows` rows with `work` multiply-adds are split
 * into: one per thread that may run now (the caller and the heap helpers) when the work is large
 * enough and the runner's module can be sent to the helpers, else 1.
 */
function stepBandCount(run: object, rows: number, work: number): number {
  const helpers = heapWorkers();
  if (helpers === undefined || rows < 8 || work < MIN_BANDED_STEP_WORK || heapRunnerModuleOf(run) === undefined) return 1;
  return Math.min(1 + helpers.count, wasmBackendThreads(), Math.ceil(rows / 4));
}

/**
 * Makes `calls` calls of a step module's `run` (a {@link heapRunner} runner) over `rows` batch
 * rows, call c with `argsAt(c, first, count)` for rows [first, first + count): every argument
 * linear in c (the time step's offsets), each row's arithmetic independent of the others' (an LSTM
 * step). With heap helpers (Node) and `work` multiply-adds of products, the rows are split into
 * bands, one per thread that may run now, and each thread makes all the calls of its own band: one
 * hand-off per kernel, not per step, and every row's result the same bits as on one thread.
 */
export function runStepsInRowBands(
  run: (...args: number[]) => void,
  rows: number,
  calls: number,
  argsAt: (call: number, first: number, count: number) => number[],
  work: number,
): void {
  // Each band's calls as a progression: the first call's arguments and their step per call.
  const band = (first: number, count: number) => {
    const args = argsAt(0, first, count);
    const next = argsAt(1, first, count);
    return { args, steps: next.map((value, i) => value - args[i]!), calls };
  };
  const runBand = ({ args, steps }: { args: number[]; steps: number[] }) => {
    const current = args.slice();
    for (let call = 0; call < calls; call++) {
      run(...current);
      current.forEach((value, i) => {
        current[i] = value + (steps[i] ?? 0);
      });
    }
  };
  const bands = stepBandCount(run, rows, work);
  if (bands === 1) {
    runBand(band(0, rows));
    return;
  }
  const [own, ...others] = rowBands(rows, bands).filter(({ count }) => count > 0);
  const parts = others.map(({ first, count }) => band(first, count));
  heapWorkers()!.runCalls(heapRunnerModuleOf(run)!, parts, () => runBand(band(own!.first, own!.count)), work);
}
