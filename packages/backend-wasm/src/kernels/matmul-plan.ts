/**
 * How a matmul with transposed operands is run on wasm, whose XNNPACK path is fast only for
 * untransposed operands (1–3 GFLOP/s transposed against 25–35 untransposed, measured in
 * bench/matmul.ts):
 * - `'untransposed'`: no operand is transposed; the stock kernel runs as is.
 * - `'direct'`: each transposed operand is materialised untransposed, then `A·B` runs.
 * - `'swapped'`: computes `Cᵀ = op(B)ᵀ·op(A)ᵀ`, whose operands are untransposed exactly where
 *   `op(A)`, `op(B)` were transposed, and transposes the (often small) product back.
 */
export type MatMulPlan = 'untransposed' | 'direct' | 'swapped';

function size(shape: readonly number[]): number {
  let total = 1;
  for (const dimension of shape) total *= dimension;
  return total;
}

/**
 * Picks the plan moving the fewest elements through Transpose: a transposed operand costs its
 * size in `'direct'`, an untransposed one costs its size in `'swapped'`, plus the product's.
 */
export function chooseMatMulPlan(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): MatMulPlan {
  if (!transposeA && !transposeB) return 'untransposed';
  const aSize = size(aShape);
  const bSize = size(bShape);
  const rows = aShape[transposeA ? aShape.length - 1 : aShape.length - 2] ?? 1;
  const columns = bShape[transposeB ? bShape.length - 2 : bShape.length - 1] ?? 1;
  const batch = Math.max(size(aShape.slice(0, -2)), size(bShape.slice(0, -2)));
  const productSize = batch * rows * columns;
  const direct = (transposeA ? aSize : 0) + (transposeB ? bSize : 0);
  const swapped = (transposeA ? 0 : aSize) + (transposeB ? 0 : bSize) + productSize;
  return swapped < direct ? 'swapped' : 'direct';
}
