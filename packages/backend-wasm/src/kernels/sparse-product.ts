import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type SparseGemmRunner, sparseGemmRunner, sparseGemmScratchBytes } from './gemm-sparse-simd.js';
import {
  HEAP_OP,
  heapFunctionModule,
  heapRunner,
  heapRunnerModuleOf,
  heapScratch,
  heapScratchViews,
  localGet as get,
  localSet as set,
  uleb,
} from './heap-module.js';
import { heapWorkers, rowBands } from './heap-workers.js';
import { heap } from './kernel-inputs.js';

// When a product runs zero-skipping (gemm-sparse-simd.ts): one operand must be mostly zeros, and
// the other finite, for the skipped terms to be exact zeros. Both are read off SIMD passes over the
// operands' data (a count of zeros over a prefix; a sum of 0·x over all of the other operand, NaN
// when any value is infinite or NaN, ≈ 1/m of an m-row product's work).

/**
 * The share of zeros from which a product runs zero-skipping. It breaks even at about 20–35 % zeros
 * (2-vCPU Xeon, 2026-12-04: 1.15–1.5× the dense product's time with none, 0.48–0.63× with 60 %).
 */
export const MIN_ZERO_FRACTION = 0.45;

/** Products with fewer multiply-adds than this stay dense: the operand pass and the lists cost more than they save. */
const MIN_SPARSE_PRODUCT = 2 ** 20;

/**
 * The fewest output columns (of the product as it runs: n for `'left'`, m for `'right'`) worth a
 * zero-skipping product: each list entry's overhead is shared by the columns of a block (32 at
 * most), and narrow products run mostly in 4-column blocks or one column at a time. Run
 * zero-skipping, the MNIST convnet's filter gradient (32 rows of 9 columns, depth 86,528) made its
 * training step 1.4× slower (20.8 → 29.3 ms).
 */
const MIN_SPARSE_COLUMNS = 64;

/**
 * The most list entries (compacted rows × depth, 8 bytes each, on the heap for the call) a
 * zero-skipping product may take: 16 MB. Larger products (a prediction over a whole dataset in one
 * batch) run dense rather than grow the heap for their lists.
 */
const MAX_LIST_ENTRIES = 2 ** 21;

/**
 * Elements of an operand whose zeros are counted to choose the product: a prefix of its data (all
 * of it up to this size). Zeros from ReLU, dropout or blank pixels spread over a whole tensor, so a
 * prefix tells; a tensor whose zeros all lie elsewhere only runs the slower product, never a wrong one.
 */
const ZERO_SAMPLE = 16_384;

const op = HEAP_OP;
const SIMD = 0xfd;
const F32X4_EQ = [SIMD, 0x41];
const I32X4_SUB = [SIMD, 0xb1, 0x01];
// run(x, vectors, out): out[0..16) the i32x4 counts of zero lanes, out[16..32) the f32x4 Σ 0·x.
const [X, VECTORS, OUT] = [0, 1, 2] as const;
const END = 3;
const [ZEROS, POISON, VALUE] = [4, 5, 6] as const;

function statsBody(): number[] {
  const code = [
    ...[...get(X), ...get(VECTORS), op.i32Const, 4, op.i32Shl, op.i32Add, ...set(END)],
    ...[...op.v128Zero, ...set(ZEROS), ...op.v128Zero, ...set(POISON)],
    ...op.block,
    ...op.loop,
    ...[...get(X), ...get(END), op.i32GeU, op.brIf, 1],
    ...[...get(X), ...op.v128Load(0), ...set(VALUE)],
    ...[...get(ZEROS), ...get(VALUE), ...op.v128Zero, ...F32X4_EQ, ...I32X4_SUB, ...set(ZEROS)],
    ...[...get(POISON), ...get(VALUE), ...op.v128Zero, ...op.f32x4Mul, ...op.f32x4Add, ...set(POISON)],
    ...[...get(X), op.i32Const, 16, op.i32Add, ...set(X)],
    ...[op.br, 0, op.end, op.end],
    ...[...get(OUT), ...get(ZEROS), ...op.v128Store(0), ...get(OUT), ...get(POISON), ...op.v128Store(16)],
    op.end,
  ];
  const locals = [2, 1, 0x7f, 3, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

type StatsRunner = (x: number, vectors: number, out: number) => void;

/** The operand-pass module's bytes (exported for the module test). */
export function operandStatsModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule([0x7f, 0x7f, 0x7f], statsBody(), shared);
}

/** The operand pass over the first `limit` elements of `info`'s float32 data, its answer read through the backend's heap scratch. */
function operandStats(backend: BackendWasm, run: StatsRunner, info: tf.TensorInfo, limit: number): { zeros: number; finite: boolean; count: number } {
  const data = heap(backend, info);
  const count = Math.min(limit, data.length);
  const vectors = Math.floor(count / 4);
  const scratch = heapScratch(backend)!;
  run(data.byteOffset, vectors, scratch.address);
  const { int32, float32 } = heapScratchViews(scratch);
  let zeros = int32[0]! + int32[1]! + int32[2]! + int32[3]!;
  let finite = true;
  for (let lane = 4; lane < 8; lane++) if (Number.isNaN(float32[lane])) finite = false;
  for (let i = 4 * vectors; i < count; i++) {
    const value = data[i]!;
    if (value === 0) zeros++;
    if (!Number.isFinite(value)) finite = false;
  }
  return { zeros, finite, count };
}

/** The share of zeros (of either sign) among the first {@link ZERO_SAMPLE} elements of `info`. */
function zeroFraction(backend: BackendWasm, run: StatsRunner, info: tf.TensorInfo): number {
  const { zeros, count } = operandStats(backend, run, info, ZERO_SAMPLE);
  return zeros / count;
}

/** Whether no element of `info` is infinite or NaN. */
function allFinite(backend: BackendWasm, run: StatsRunner, info: tf.TensorInfo): boolean {
  return operandStats(backend, run, info, Number.POSITIVE_INFINITY).finite;
}

/** One zero-skipping product: A's rows compacted (`rows` of them), C(i, j) at `c + i·cRow + j·cColumn`. */
interface SparseCall {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly rows: number;
  readonly columns: number;
  readonly depth: number;
  readonly aRow: number;
  readonly aDepth: number;
  readonly bDepth: number;
  readonly cRow: number;
  readonly cColumn: number;
}

/**
 * Which zero-skipping product computes `op(a)·op(b)` (m × k times k × n, 2-D operands), if any:
 * - `'left'`: `op(a)` is mostly zeros and `b` finite; A is read in place (transposed or not).
 * - `'right'`: `op(b)` is mostly zeros, `a` finite and stored `[k, m]` (`transposeA`): the
 *   product computes `Cᵀ = op(b)ᵀ·op(a)ᵀ`, whose right operand is `a` as stored, and writes C
 *   transposed.
 * `undefined`: the dense product runs.
 */
export function chooseSparseProduct(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  m: number,
  n: number,
  k: number,
): 'left' | 'right' | undefined {
  if (m * n * k < MIN_SPARSE_PRODUCT || a.shape.length !== 2 || b.shape.length !== 2 || sparseGemmRunner(backend) === undefined) return undefined;
  if (n < MIN_SPARSE_COLUMNS && (!transposeA || m < MIN_SPARSE_COLUMNS)) return undefined;
  const stats = heapRunner<StatsRunner>(backend, 'operand-stats', operandStatsModuleBytes);
  if (stats === undefined || heapScratch(backend) === undefined) return undefined;
  if (n >= MIN_SPARSE_COLUMNS && m * k <= MAX_LIST_ENTRIES && zeroFraction(backend, stats, a) >= MIN_ZERO_FRACTION)
    return allFinite(backend, stats, b) ? 'left' : undefined;
  if (!transposeA || m < MIN_SPARSE_COLUMNS || n * k > MAX_LIST_ENTRIES || zeroFraction(backend, stats, b) < MIN_ZERO_FRACTION) return undefined;
  return allFinite(backend, stats, a) ? 'right' : undefined;
}

/** Zero-skipping products run so far in this process. */
let runs = 0;

/** How many zero-skipping products this process ran (tests check which product was taken). */
export function sparseProductRuns(): number {
  return runs;
}

/**
 * Runs `call` with the zero-skipping product in `bands` row bands (the calling thread and its
 * helpers), each with its own scratch for the lists. Every element is the same in-order sum
 * whatever the bands.
 */
export function runSparseProduct(backend: BackendWasm, call: SparseCall, bands: number): void {
  const run = sparseGemmRunner(backend) as SparseGemmRunner;
  runs++;
  const parts = rowBands(call.rows, bands).filter(({ count }) => count > 0);
  const scratchBytes = parts.map(({ count }) => sparseGemmScratchBytes(count, call.depth));
  const total = scratchBytes.reduce((sum, bytes) => sum + bytes, 0);
  const scratch = backend.makeOutput([Math.ceil(total / 4)], 'float32');
  try {
    let at = heap(backend, scratch).byteOffset;
    const args = parts.map(({ first, count }, index): Parameters<SparseGemmRunner> => {
      const list = at;
      at += scratchBytes[index]!;
      return [
        call.a + first * call.aRow,
        call.b,
        call.c + first * call.cRow,
        count,
        call.columns,
        call.depth,
        call.aRow,
        call.aDepth,
        call.bDepth,
        call.cRow,
        call.cColumn,
        list,
      ];
    });
    const [own, ...others] = args;
    if (others.length === 0) {
      run(...own!);
      return;
    }
    const calls = others.map((part) => ({ args: part, steps: [], calls: 1 }));
    heapWorkers()!.runCalls(heapRunnerModuleOf(run)!, calls, () => run(...own!), call.columns * call.depth * Math.ceil(call.rows / bands));
  } finally {
    backend.disposeData(scratch.dataId);
  }
}
