/**
 * How a matmul with transposed operands is run on wasm, whose XNNPACK path is fast only for
 * untransposed operands (1–3 GFLOP/s transposed against 25–35 untransposed, measured in
 * bench/matmul.ts):
 * - `'untransposed'`: no operand is transposed; the stock kernel runs as is.
 * - `'direct'`: each transposed operand is materialised untransposed, then `A·B` runs.
 * - `'swapped'`: computes `Cᵀ = op(B)ᵀ·op(A)ᵀ`, whose operands are untransposed exactly where
 *   `op(A)`, `op(B)` were transposed, and transposes the (often small) product back.
 * - `'heap'`: this package's SIMD product (gemm-simd.ts), which reads `A` or `Aᵀ` in place and
 *   never packs; a transposed `B` is materialised first. One thread.
 */
export type MatMulPlan = 'untransposed' | 'direct' | 'swapped' | 'heap';

/**
 * Measured costs (V8, one thread unless said), in ns: XNNPACK packing the right operand of a
 * product, per element (3.2–3.8); materialising a transposed float32 operand with the tile
 * transpose (transpose-simd.ts), per element (0.16–0.4 from 128 × 784 to 512 × 512; the stock
 * Transpose it replaced took 0.9–5); one multiply-add of either product's inner loop (≈ 14
 * GMAC/s); waking the pool's workers and waiting for them, per threaded product (≈ 50 µs: seed
 * 001's Fashion steps spent ≈ 0.5 ms in it over about ten small products); handing bands of a
 * heap product to its helper threads and waiting for them (≈ 20 µs, atomics and a futex wake);
 * and the share of a core a heap product's helper gets inside a training step: a whole one. It
 * was 0.35 while some of a step's large products went to XNNPACK: its pool workers keep spinning
 * between its kernels, and a helper's band ran beside them (2-vCPU Xeon: the 512-unit MLP's `dW`
 * products took 3.3–3.6 and 4.2–4.8 ms on the heap product with a helper against 2.2–2.9 and
 * 3.5–3.7 ms on XNNPACK's two threads). With a whole share every large product of a step goes to
 * the heap product where it has as many threads as XNNPACK, and no pool spins: that step takes
 * 0.90× the time of the mixed plans (2-core AMD EPYC, 10 pairs alternating in one process; the
 * other seed models 0.95–1.01×).
 */
const COST = { pack: 3.5, transpose: 0.3, multiplyAdd: 1 / 14, fusedMultiplyAdd: 0.75 / 14, threadHandOff: 50_000, heapHandOff: 20_000, helperShare: 1 };

/** What the cost of a plan depends on besides the shapes. */
export interface MatMulPlanContext {
  /** Whether the SIMD heap product can run here (WebAssembly SIMD, float32 operands, compatible batches). */
  heapProduct: boolean;
  /** Threads XNNPACK would use for this product (1 when small products run on one thread). */
  threads: number;
  /** Threads the heap product would use (the calling thread and its helpers, see heap-workers.ts); 1 when absent. */
  heapThreads?: number;
  /** Whether the heap product fuses its multiply-adds (its relaxed-SIMD build on a processor with FMA). */
  heapFused?: boolean;
}

/** Elements of `shape` before its last two dimensions: a product's batch (1 for a matrix). */
export function leadingSize(shape: readonly number[]): number {
  let total = 1;
  for (let axis = 0; axis < shape.length - 2; axis++) total *= shape[axis]!;
  return total;
}

/** Multiply-adds of `op(a)·op(b)` (rank ≥ 2 each), every product of the batch counted; allocates nothing. */
export function productMultiplyAdds(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): number {
  const rows = transposeA ? a[a.length - 1]! : a[a.length - 2]!;
  const depth = transposeA ? a[a.length - 2]! : a[a.length - 1]!;
  const columns = transposeB ? b[b.length - 2]! : b[b.length - 1]!;
  return Math.max(leadingSize(a), leadingSize(b)) * rows * depth * columns;
}

function size(shape: readonly number[]): number {
  let total = 1;
  for (const dimension of shape) total *= dimension;
  return total;
}

/**
 * Picks a plan. Without a context, the XNNPACK plan moving the fewest elements through Transpose:
 * a transposed operand costs its size in `'direct'`, an untransposed one costs its size in
 * `'swapped'`, plus the product's. With one, the cheapest plan by {@link COST}: XNNPACK plans pay
 * for transposes and for packing their right operand (`B`, or `op(A)ᵀ` when swapped) — in training
 * every product has a new operand, so the packing is never reused — and share the arithmetic over
 * `threads`; `'heap'` pays a transposed `B`'s Transpose and the arithmetic, of which each helper
 * takes its {@link COST} share.
 */
export function chooseMatMulPlan(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
  context?: MatMulPlanContext,
): MatMulPlan {
  const aSize = size(aShape);
  const bSize = size(bShape);
  const rows = aShape[transposeA ? aShape.length - 1 : aShape.length - 2] ?? 1;
  const depth = aShape[transposeA ? aShape.length - 2 : aShape.length - 1] ?? 1;
  const columns = bShape[transposeB ? bShape.length - 2 : bShape.length - 1] ?? 1;
  const batch = Math.max(leadingSize(aShape), leadingSize(bShape));
  const productSize = batch * rows * columns;
  const direct = (transposeA ? aSize : 0) + (transposeB ? bSize : 0);
  const swapped = (transposeA ? 0 : aSize) + (transposeB ? 0 : bSize) + productSize;
  const xnnpack: MatMulPlan = !transposeA && !transposeB ? 'untransposed' : swapped < direct ? 'swapped' : 'direct';
  if (context === undefined || !context.heapProduct) return xnnpack;
  const arithmetic = COST.multiplyAdd * productSize * depth;
  const moved = xnnpack === 'swapped' ? COST.transpose * swapped + COST.pack * aSize : COST.transpose * direct + COST.pack * bSize;
  const xnnpackCost = moved + (context.threads > 1 ? arithmetic / context.threads + COST.threadHandOff : arithmetic);
  const heapThreads = context.heapThreads ?? 1;
  const heapArithmetic = context.heapFused === true ? COST.fusedMultiplyAdd * productSize * depth : arithmetic;
  const heapCost =
    (transposeB ? COST.transpose * bSize : 0) +
    (heapThreads > 1 ? heapArithmetic / (1 + COST.helperShare * (heapThreads - 1)) + COST.heapHandOff : heapArithmetic);
  return heapCost <= xnnpackCost ? 'heap' : xnnpack;
}
