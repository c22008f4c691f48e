import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, uleb } from './heap-module.js';

// Column sums of a float32 matrix on the heap (a recurrent kernel's bias gradient), accumulated in
// double as the JavaScript loop does: each column's float32 values are widened exactly
// (f64x2.promote_low_f32x4) and added in row order, two columns per f64x2 add, then rounded once
// to float32 (f32x4.demote_f64x2_zero, round to nearest even as a Float32Array store rounds).
// The same double additions in the same order per column, so the same bits. Eight columns go
// down the rows together (four independent f64x2 accumulators), then pairs; an odd last column
// is left to the caller.

/** `run(matrix, rows, rowBytes, out, cols)`: byte offsets of the float32 matrix and the float32 sums. */
export type ColumnSumsRunner = (matrix: number, rows: number, rowBytes: number, out: number, cols: number) => void;

const SIMD = 0xfd;
const [MATRIX, ROWS, ROW_BYTES, OUT, COLS, J, I, P] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
/** The v128 accumulators' local indices. */
const ACC = [8, 9, 10, 11] as const;
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0 (+0.0 in both lanes)

/** A pass down all rows for `width` columns from column j (two per accumulator), then the sums stored and j advanced. */
function pass(width: 2 | 8): number[] {
  const accumulators = ACC.slice(0, width / 2);
  const code = [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over column blocks
    ...[...get(J), 0x41, width, 0x6a, ...get(COLS), 0x4b, 0x0d, 1], // j + width >u cols → leave
    ...accumulators.flatMap((acc) => [...ZERO, ...set(acc)]),
    ...[...get(MATRIX), ...get(J), 0x41, 2, 0x74, 0x6a, ...set(P)], // p = matrix + 4j
    ...[...get(ROWS), ...set(I)],
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over rows
    ...[...get(I), 0x45, 0x0d, 1], // i == 0 → leave
    // acc_k += promote(two floats at p + 8k)
    ...accumulators.flatMap((acc, k) => [...get(acc), ...get(P), SIMD, 0x5d, 2, ...uleb(8 * k), SIMD, 0x5f, SIMD, ...uleb(0xf0), ...set(acc)]),
    ...[...get(P), ...get(ROW_BYTES), 0x6a, ...set(P)],
    ...[...get(I), 0x41, 1, 0x6b, ...set(I)],
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    // out[j + 2k .. j + 2k + 1] = demote(acc_k): v128.store64_lane, lane 0
    ...accumulators.flatMap((acc, k) => [...get(OUT), ...get(J), 0x41, 2, 0x74, 0x6a, ...get(acc), SIMD, 0x5e, SIMD, 0x5b, 2, ...uleb(8 * k), 0]),
    ...[...get(J), 0x41, width, 0x6a, ...set(J)],
    ...[0x0c, 0, 0x0b, 0x0b],
  ];
  return code;
}

function body(): number[] {
  const code = [...pass(8), ...pass(2), 0x0b];
  const locals = [2, 3, 0x7f, 4, 0x7b]; // j, i, p: i32; four v128 accumulators
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link ColumnSumsRunner}). */
export function columnSumsModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(5).fill(0x7f), body(), shared);
}

/** The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. */
export function columnSumsRunner(backend: BackendWasm): ColumnSumsRunner | undefined {
  return heapRunner<ColumnSumsRunner>(backend, 'column-sums', columnSumsModuleBytes);
}
