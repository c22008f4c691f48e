import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBackendThreads } from '../backend/create-backend.js';
import { SMALL_KERNEL_LIMITS } from '../backend/small-kernel-pool.js';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { gemmFusesMultiplyAdd, gemmRunner } from './gemm-simd.js';
import { heapWorkers, rowBands } from './heap-workers.js';
import { chooseMatMulPlan, leadingSize, type MatMulPlan, type MatMulPlanContext, productMultiplyAdds } from './matmul-plan.js';
import { heap } from './kernel-inputs.js';
import { chooseSparseProduct, runSparseProduct } from './sparse-product.js';
import { disposeIntermediate, transposeLastTwo } from './transpose.js';

const sizeOf = (shape: readonly number[]) => shape.reduce((product, dimension) => product * dimension, 1);

/**
 * Whether the SIMD heap product can compute `op(a)·op(b)`: float32 operands with no empty
 * dimension, batch dimensions equal or one side without any (size 1), and WebAssembly SIMD.
 */
function heapProductApplies(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return false;
  if (sizeOf(a.shape) === 0 || sizeOf(b.shape) === 0) return false;
  const aBatch = leadingSize(a.shape);
  const bBatch = leadingSize(b.shape);
  return (aBatch === 1 || bBatch === 1 || sameBatchShape(a.shape, b.shape)) && gemmRunner(backend) !== undefined;
}

/** Whether two operands' dimensions before the last two are the same. */
function sameBatchShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length - 2; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}

/**
 * The plan for `op(a)·op(b)` on this backend: {@link chooseMatMulPlan} with the heap product
 * when it applies, and the threads XNNPACK would run this product on.
 */
export function planMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan {
  const threads = productMultiplyAdds(a.shape, b.shape, transposeA, transposeB) < SMALL_KERNEL_LIMITS.multiplyAdds ? 1 : wasmBackendThreads();
  const m = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const context = planContext;
  context.heapProduct = heapProductApplies(backend, a, b);
  context.threads = threads;
  context.heapThreads = heapProductBands(m, n, k);
  context.heapFused = context.heapProduct && gemmFusesMultiplyAdd(backend);
  return chooseMatMulPlan(a.shape, b.shape, transposeA, transposeB, context);
}

/** {@link planMatMul}'s context, filled in place for each product (chooseMatMulPlan keeps nothing). */
const planContext: MatMulPlanContext = { heapProduct: false, threads: 1, heapThreads: 1, heapFused: false };

/**
 * Products with fewer multiply-adds than this (≈ 0.4 ms of work) run on the calling thread alone.
 * Waking a helper costs more inside a training step than between back-to-back products: sharing
 * products from 2^20 on took the stacked LSTM's steps from 3.6 to 4.9 ms; from 2^23 the 512-unit
 * MLP's went 14.5 → 13.4 ms and the others did not move.
 */
const MIN_SHARED_PRODUCT = 2 ** 23;

/**
 * Row bands an m × n × k heap product is split into: one per thread that may run now (the caller
 * and its helpers, fewer while other processes hold cores) when it is large enough, else 1.
 */
function heapProductBands(m: number, n: number, k: number): number {
  const helpers = heapWorkers();
  if (helpers === undefined || m < 8 || m * n * k < MIN_SHARED_PRODUCT) return 1;
  return Math.min(1 + helpers.count, wasmBackendThreads(), Math.ceil(m / 4));
}

/**
 * Elements added to each row of a B that is copied before a product (a transposed B always is).
 * The register blocks read a strip of B's columns down k; when B's rows lie a multiple of 1 KB
 * apart (`n` a multiple of 256), that strip falls into a few of the level-1 cache's sets and is
 * evicted before the next row block reads it again. Rows 32 bytes longer spread it: at the
 * 512-unit MLP's shapes, copy included, 9–22 % less time on one thread, 7–15 % on two where the
 * bands are long (2026-12-04).
 */
const B_ROW_PADDING = 8;

/**
 * How many elements to pad each row of B with for an m × n product in `bands` row bands (see
 * {@link B_ROW_PADDING}): a transposed B is copied anyway; another is copied when each band has
 * enough rows to repay the copy, which one thread makes before the bands start.
 */
function rightRowPadding(m: number, n: number, bands: number, bBatch: number, transposeB: boolean): number {
  if (bBatch !== 1 || n % 256 !== 0) return 0;
  return transposeB || m / bands >= 128 ? B_ROW_PADDING : 0;
}

/** A new [k, n + padding] buffer holding B's k × n rows, each followed by `padding` unwritten elements. */
function copyRowsPadded(backend: BackendWasm, b: tf.TensorInfo, k: number, n: number, padding: number): tf.TensorInfo {
  const copy = backend.makeOutput([k, n + padding], 'float32');
  // Views after makeOutput, which may grow the heap; one view of the whole heap, so no view per row.
  const from = heap(backend, b).byteOffset / 4;
  const target = heap(backend, copy);
  const to = target.byteOffset / 4;
  const memory = new Float32Array(target.buffer);
  for (let row = 0; row < k; row++) memory.copyWithin(to + row * (n + padding), from + row * n, from + row * n + n);
  return copy;
}

/** B as the product reads it: `b` itself, transposed, or copied with padded rows ({@link rightRowPadding}). */
function rightOperand(backend: BackendWasm, b: tf.TensorInfo, k: number, n: number, padding: number, transposeB: boolean): tf.TensorInfo {
  if (transposeB) return transposeLastTwo(backend, b, padding);
  return padding > 0 ? copyRowsPadded(backend, b, k, n, padding) : b;
}

/**
 * A new float32 output of `shape` that `fill` writes; released again if `fill` throws (a helper
 * thread that failed), so a failed product leaves no buffer behind.
 */
function filledOutput(backend: BackendWasm, shape: number[], fill: (output: tf.TensorInfo) => void): tf.TensorInfo {
  const output = backend.makeOutput(shape, 'float32');
  try {
    fill(output);
    return output;
  } catch (error) {
    backend.disposeData(output.dataId);
    throw error;
  }
}

/**
 * `op(a)·op(b)` with the SIMD heap product (gemm-simd.ts): A read in place, a transposed B
 * materialised, B's rows padded where their spacing would crowd the cache ({@link B_ROW_PADDING}).
 */
function heapMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const run = gemmRunner(backend)!;
  const m = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const sparse = chooseSparseProduct(backend, a, b, transposeA, m, n, k);
  if (sparse !== undefined) return sparseMatMul(backend, a, b, transposeA, transposeB, { m, n, k }, sparse);
  const bandCount = heapProductBands(m, n, k);
  const bBatch = leadingSize(b.shape);
  const padding = rightRowPadding(m, n, bandCount, bBatch, transposeB);
  const right = rightOperand(backend, b, k, n, padding, transposeB);
  // The row length of B as the product reads it (a transpose without the heap module is unpadded).
  const rowLength = right.shape[right.shape.length - 1]!;
  try {
    const aBatch = leadingSize(a.shape);
    // tfjs's broadcast of the batch dimensions (one side has one batch, or both the same shape).
    const outShape =
      a.shape.length === 2 && b.shape.length === 2 ? [m, n] : [...tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
    return filledOutput(backend, outShape, (output) => {
      // Views after makeOutput, which may grow the heap.
      const av = backend.typedArrayFromHeap(a) as Float32Array;
      const bv = backend.typedArrayFromHeap(right) as Float32Array;
      const cv = backend.typedArrayFromHeap(output) as Float32Array;
      const aRow = transposeA ? 4 : 4 * k;
      const aDepth = transposeA ? 4 * m : 4;
      for (let batch = 0; batch < Math.max(aBatch, bBatch); batch++) {
        const aAt = av.byteOffset + (aBatch === 1 ? 0 : 4 * batch * m * k);
        const bAt = bv.byteOffset + (bBatch === 1 ? 0 : 4 * batch * k * rowLength);
        const cAt = cv.byteOffset + 4 * batch * m * n;
        if (bandCount === 1) {
          run(aAt, bAt, cAt, m, n, k, aRow, aDepth, 4 * rowLength, 4 * n);
          continue;
        }
        // Bands of rows on the helper threads and this one: each element is the same in-order sum.
        const band = ({ first, count }: { first: number; count: number }): Parameters<typeof run> => [
          aAt + first * aRow,
          bAt,
          cAt + first * 4 * n,
          count,
          n,
          k,
          aRow,
          aDepth,
          4 * rowLength,
          4 * n,
        ];
        const [own, ...others] = rowBands(m, bandCount).filter(({ count }) => count > 0);
        heapWorkers()!.runGemm(others.map(band), () => run(...band(own!)));
      }
    });
  } finally {
    if (right !== b) backend.disposeData(right.dataId);
  }
}

/**
 * `op(a)·op(b)` (2-D) with the zero-skipping product (sparse-product.ts): `'left'` compacts the
 * rows of `op(a)` and reads B's rows (a transposed B materialised, rows padded as the dense
 * product's); `'right'` computes `Cᵀ = op(b)ᵀ·op(a)ᵀ`, compacting the rows of `op(b)ᵀ` (read in
 * place) against `a`'s stored rows, and writes C transposed.
 */
function sparseMatMul(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  { m, n, k }: { m: number; n: number; k: number },
  side: 'left' | 'right',
): tf.TensorInfo {
  const [rows, columns] = side === 'left' ? [m, n] : [n, m];
  const padding = columns % 256 === 0 ? B_ROW_PADDING : 0;
  const right = side === 'left' ? rightOperand(backend, b, k, n, padding, transposeB) : rightOperand(backend, a, k, m, padding, false);
  try {
    return filledOutput(backend, [m, n], (output) => {
      // Views after makeOutput, which may grow the heap.
      const [av, bv, rv, cv] = [a, b, right, output].map((info) => heap(backend, info)) as [Float32Array, Float32Array, Float32Array, Float32Array];
      // B's row length as the product reads it (a transpose without the heap module is unpadded).
      const bDepth = 4 * right.shape[right.shape.length - 1]!;
      const call =
        side === 'left'
          ? { a: av.byteOffset, aRow: transposeA ? 4 : 4 * k, aDepth: transposeA ? 4 * m : 4, cRow: 4 * n, cColumn: 4 }
          : { a: bv.byteOffset, aRow: transposeB ? 4 * k : 4, aDepth: transposeB ? 4 : 4 * n, cRow: 4, cColumn: 4 * n };
      runSparseProduct(backend, { ...call, b: rv.byteOffset, c: cv.byteOffset, rows, columns, depth: k, bDepth }, heapProductBands(rows, columns, k));
    });
  } finally {
    if (right !== a && right !== b) backend.disposeData(right.dataId);
  }
}

/**
 * Runs `op(a)·op(b)` on wasm with the given plan (see {@link MatMulPlan}); exported for the
 * benchmark, which compares the plans.
 */
export function batchMatMulWithPlan(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  plan: MatMulPlan,
): tf.TensorInfo {
  const plain = { transposeA: false, transposeB: false };
  if (plan === 'heap') return heapMatMul(backend, a, b, transposeA, transposeB);
  if (plan === 'untransposed' || (!transposeA && !transposeB)) {
    return runStock(tf.BatchMatMul, { inputs: { a, b }, backend, attrs: { transposeA, transposeB } });
  }
  const created: tf.TensorInfo[] = [];
  const materialise = (x: tf.TensorInfo): tf.TensorInfo => {
    const transposed = transposeLastTwo(backend, x);
    created.push(transposed);
    return transposed;
  };
  try {
    if (plan === 'direct') {
      const left = transposeA ? materialise(a) : a;
      const right = transposeB ? materialise(b) : b;
      return runStock(tf.BatchMatMul, { inputs: { a: left, b: right }, backend, attrs: plain });
    }
    // Cᵀ = op(B)ᵀ·op(A)ᵀ: a transposed operand is already in the layout this product needs.
    const left = transposeB ? b : materialise(b);
    const right = transposeA ? a : materialise(a);
    const productTransposed = runStock(tf.BatchMatMul, { inputs: { a: left, b: right }, backend, attrs: plain });
    created.push(productTransposed);
    return transposeLastTwo(backend, productTransposed);
  } finally {
    disposeIntermediate(backend, created);
  }
}

function batchMatMul({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  const plan = planMatMul(backend as BackendWasm, a, b, transposeA, transposeB);
  return batchMatMulWithPlan(backend as BackendWasm, a, b, transposeA, transposeB, plan);
}

/**
 * BatchMatMul for 'wasm': the SIMD heap product where it is cheaper (no packing, A read transposed
 * in place), else XNNPACK with transposed operands materialised so its fast path runs.
 */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.BatchMatMul).setupFunc,
  kernelFunc: batchMatMul,
};
