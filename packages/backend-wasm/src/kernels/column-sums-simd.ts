import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// Column sums of a float32 matrix on the heap. In float64 (a recurrent kernel's bias gradient),
// accumulated in double as the JavaScript loop does: each column's float32 values are widened exactly
// (f64x2.promote_low_f32x4) and added in row order, two columns per f64x2 add, then rounded once
// to float32 (f32x4.demote_f64x2_zero, round to nearest even as a Float32Array store rounds).
// The same double additions in the same order per column, so the same bits. Sixteen columns go
// down the rows together (eight independent f64x2 accumulators), then eight, then pairs; an odd
// last column is left to the caller. In float32 (the Sum kernel over leading axes), four columns
// per f32x4 accumulator — 32 columns a pass, then 16, 8, 4 — each column's float32 additions in
// row order as a sequential loop makes them.

/** `run(matrix, rows, rowBytes, out, cols)`: byte offsets of the float32 matrix and the float32 sums. */
export type ColumnSumsRunner = (matrix: number, rows: number, rowBytes: number, out: number, cols: number) => void;

const SIMD = 0xfd;
const [MATRIX, ROWS, ROW_BYTES, OUT, COLS, J, I, P] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
/** The v128 accumulators' local indices. */
const ACC = [8, 9, 10, 11, 12, 13, 14, 15] as const;
const ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0 (+0.0 in both lanes)

/** How the sums accumulate: in double, rounded once at the end (the recurrent kernels'), or in float32 (the Sum kernel's). */
export type ColumnSumPrecision = 'float64' | 'float32';

/**
 * A pass down all rows for `width` columns from column j, then the sums stored and j advanced:
 * float64 holds two columns per accumulator (8 or 2 columns a pass), float32 four (8 or 4).
 */
function pass(precision: ColumnSumPrecision, width: number): number[] {
  const perAccumulator = precision === 'float64' ? 2 : 4;
  const accumulators = ACC.slice(0, width / perAccumulator);
  const load = (k: number) =>
    precision === 'float64'
      ? [SIMD, 0x5d, 2, ...uleb(8 * k), SIMD, 0x5f, SIMD, ...uleb(0xf0)] // v128.load64_zero, f64x2.promote_low_f32x4, f64x2.add
      : [SIMD, 0x00, 2, ...uleb(16 * k), SIMD, ...uleb(0xe4)]; // v128.load, f32x4.add
  const store = (acc: number, k: number) =>
    precision === 'float64'
      ? [...get(acc), SIMD, 0x5e, SIMD, 0x5b, 2, ...uleb(8 * k), 0] // f32x4.demote_f64x2_zero, v128.store64_lane 0
      : [...get(acc), SIMD, 0x0b, 2, ...uleb(16 * k)]; // v128.store
  return [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over column blocks
    ...[...get(J), 0x41, width, 0x6a, ...get(COLS), 0x4b, 0x0d, 1], // j + width >u cols → leave
    ...accumulators.flatMap((acc) => [...ZERO, ...set(acc)]),
    ...[...get(MATRIX), ...get(J), 0x41, 2, 0x74, 0x6a, ...set(P)], // p = matrix + 4j
    ...[...get(ROWS), ...set(I)],
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over rows
    ...[...get(I), 0x45, 0x0d, 1], // i == 0 → leave
    ...accumulators.flatMap((acc, k) => [...get(acc), ...get(P), ...load(k), ...set(acc)]), // acc_k += the row's floats at p + k·(8 or 16)
    ...[...get(P), ...get(ROW_BYTES), 0x6a, ...set(P)],
    ...[...get(I), 0x41, 1, 0x6b, ...set(I)],
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    ...accumulators.flatMap((acc, k) => [...get(OUT), ...get(J), 0x41, 2, 0x74, 0x6a, ...store(acc, k)]),
    ...[...get(J), 0x41, width, 0x6a, ...set(J)],
    ...[0x0c, 0, 0x0b, 0x0b],
  ];
}

function body(precision: ColumnSumPrecision): number[] {
  // The widest pass first: each pass streams every row once, so fewer passes read less (a float32
  // row of 32 columns is two cache lines; four 8-column passes read each line twice).
  const widths = precision === 'float64' ? [16, 8, 2] : [32, 16, 8, 4];
  const code = [...widths.flatMap((width) => pass(precision, width)), 0x0b];
  const locals = [2, 3, 0x7f, 8, 0x7b]; // j, i, p: i32; eight v128 accumulators
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link ColumnSumsRunner}). */
export function columnSumsModuleBytes(precision: ColumnSumPrecision, shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(5).fill(0x7f), body(precision), shared);
}

/**
 * The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. It
 * sums all columns but the last `cols mod 2` (float64) or `cols mod 4` (float32), which it leaves
 * to the caller.
 */
export function columnSumsRunner(backend: BackendWasm, precision: ColumnSumPrecision = 'float64'): ColumnSumsRunner | undefined {
  return heapRunner<ColumnSumsRunner>(backend, `column-sums-${precision}`, (shared) => columnSumsModuleBytes(precision, shared));
}
