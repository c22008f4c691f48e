import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBackendThreads } from '../backend/create-backend.js';
import { SMALL_KERNEL_LIMITS } from '../backend/small-kernel-pool.js';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { gemmFusesMultiplyAdd, gemmRunner } from './gemm-simd.js';
import { heapWorkers, rowBands } from './heap-workers.js';
import { chooseMatMulPlan, leadingSize, type MatMulPlan, type MatMulPlanContext, productMultiplyAdds } from './matmul-plan.js';
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

/** `op(a)·op(b)` with the SIMD heap product (gemm-simd.ts): A read in place, a transposed B materialised. */
function heapMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const run = gemmRunner(backend)!;
  const right = transposeB ? transposeLastTwo(backend, b) : b;
  try {
    const m = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
    const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
    const n = right.shape[right.shape.length - 1]!;
    const aBatch = leadingSize(a.shape);
    const bBatch = leadingSize(b.shape);
    // tfjs's broadcast of the batch dimensions (one side has one batch, or both the same shape).
    const outShape =
      a.shape.length === 2 && b.shape.length === 2 ? [m, n] : [...tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
    const output = backend.makeOutput(outShape, 'float32');
    // Views after makeOutput, which may grow the heap.
    const av = backend.typedArrayFromHeap(a) as Float32Array;
    const bv = backend.typedArrayFromHeap(right) as Float32Array;
    const cv = backend.typedArrayFromHeap(output) as Float32Array;
    const bandCount = heapProductBands(m, n, k);
    const aRow = transposeA ? 4 : 4 * k;
    const aDepth = transposeA ? 4 * m : 4;
    for (let batch = 0; batch < Math.max(aBatch, bBatch); batch++) {
      const aAt = av.byteOffset + (aBatch === 1 ? 0 : 4 * batch * m * k);
      const bAt = bv.byteOffset + (bBatch === 1 ? 0 : 4 * batch * k * n);
      const cAt = cv.byteOffset + 4 * batch * m * n;
      if (bandCount === 1) {
        run(aAt, bAt, cAt, m, n, k, aRow, aDepth, 4 * n, 4 * n);
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
        4 * n,
        4 * n,
      ];
      const [own, ...others] = rowBands(m, bandCount).filter(({ count }) => count > 0);
      heapWorkers()!.runGemm(others.map(band), () => run(...band(own!)));
    }
    return output;
  } finally {
    if (transposeB) backend.disposeData(right.dataId);
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
