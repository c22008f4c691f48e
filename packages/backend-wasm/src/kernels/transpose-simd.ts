import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { HEAP_OP, heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// A matrix transpose on the heap in 4 × 4 tiles: four rows of four floats loaded as four vectors,
// turned into the tile's four columns by eight `i8x16.shuffle`s, stored as four rows of the output.
// The stock wasm Transpose moves one element at a time (≈ 5 ns per element at 512 × 512 here:
// 1.3 ms, as long as the product it feeds); the tiles move four per load and store (0.06–0.10 ms).
// Values are copied bit for bit (NaN payloads included). The module does the whole tiles of one
// matrix; the rows and columns beyond the last multiple of four are left to the caller.

/**
 * `run(source, target, rows, columns, sourceRowBytes, targetRowBytes)`, byte offsets: for every
 * `i < rows`, `j < columns` in steps of 4 (both multiples of 4), the tile at source row i, column j
 * goes to target row j, column i (`target[j + c][i + r] = source[i + r][j + c]`).
 */
export type TransposeTilesRunner = (source: number, target: number, rows: number, columns: number, sourceRowBytes: number, targetRowBytes: number) => void;

const op = HEAP_OP;
const [SOURCE, TARGET, ROWS, COLUMNS, SOURCE_ROW, TARGET_ROW, I, J, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
const [J0, J_END] = [9, 10] as const;
const ROW = [11, 12, 13, 14] as const; // v128: the tile's source rows, then its interleaved halves
const PAIR = [15, 16, 17, 18] as const;
/** Columns of one strip (a cache line of floats). */
const BAND = 16;

/** `i8x16.shuffle` of the two vectors on the stack picking the 32-bit lanes `lanes` (0–3 the first, 4–7 the second). */
const shuffle = (lanes: readonly number[]) => op.i8x16Shuffle(lanes.flatMap((lane) => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3]));
/** `p + k·stride` for k 0–3 on the stack. */
const rowAddress = (k: number, stride: number) => [...get(P), ...(k === 0 ? [] : [...get(stride), ...(k === 1 ? [] : [op.i32Const, k, op.i32Mul]), op.i32Add])];

function body(): number[] {
  const tile = [
    // p = source + i·sourceRow + 4j; the four source rows.
    ...[...get(SOURCE), ...get(I), ...get(SOURCE_ROW), op.i32Mul, op.i32Add, ...get(J), op.i32Const, 2, op.i32Shl, op.i32Add, ...set(P)],
    ...ROW.flatMap((row, k) => [...rowAddress(k, SOURCE_ROW), ...op.v128Load(0), ...set(row)]),
    // (a0 b0 a1 b1) (a2 b2 a3 b3) from rows 0 and 1, the same from rows 2 and 3.
    ...[...get(ROW[0]), ...get(ROW[1]), ...shuffle([0, 4, 1, 5]), ...set(PAIR[0])],
    ...[...get(ROW[0]), ...get(ROW[1]), ...shuffle([2, 6, 3, 7]), ...set(PAIR[1])],
    ...[...get(ROW[2]), ...get(ROW[3]), ...shuffle([0, 4, 1, 5]), ...set(PAIR[2])],
    ...[...get(ROW[2]), ...get(ROW[3]), ...shuffle([2, 6, 3, 7]), ...set(PAIR[3])],
    // p = target + j·targetRow + 4i; column c of the tile is target row j + c.
    ...[...get(TARGET), ...get(J), ...get(TARGET_ROW), op.i32Mul, op.i32Add, ...get(I), op.i32Const, 2, op.i32Shl, op.i32Add, ...set(P)],
    ...[...rowAddress(0, TARGET_ROW), ...get(PAIR[0]), ...get(PAIR[2]), ...shuffle([0, 1, 4, 5]), ...op.v128Store(0)],
    ...[...rowAddress(1, TARGET_ROW), ...get(PAIR[0]), ...get(PAIR[2]), ...shuffle([2, 3, 6, 7]), ...op.v128Store(0)],
    ...[...rowAddress(2, TARGET_ROW), ...get(PAIR[1]), ...get(PAIR[3]), ...shuffle([0, 1, 4, 5]), ...op.v128Store(0)],
    ...[...rowAddress(3, TARGET_ROW), ...get(PAIR[1]), ...get(PAIR[3]), ...shuffle([2, 3, 6, 7]), ...op.v128Store(0)],
  ];
  const code = [
    // Strips of BAND columns, each down all rows: a strip's source lines are read once, whole, and
    // its BAND target rows are written in order. Along whole rows of tiles instead, every target
    // row was written in turn — 2 KB apart at 512 × 512, so the stores shared a few cache sets
    // (0.41 ms against 0.06–0.10).
    ...[op.i32Const, 0, ...set(J0)],
    ...op.block,
    ...op.loop,
    ...[...get(J0), ...get(COLUMNS), op.i32GeU, op.brIf, 1],
    // jEnd = min(j0 + BAND, columns)
    ...[
      ...get(J0),
      op.i32Const,
      BAND,
      op.i32Add,
      ...get(COLUMNS),
      ...get(J0),
      op.i32Const,
      BAND,
      op.i32Add,
      ...get(COLUMNS),
      op.i32LtU,
      op.select,
      ...set(J_END),
    ],
    ...[op.i32Const, 0, ...set(I)],
    ...op.block,
    ...op.loop,
    ...[...get(I), ...get(ROWS), op.i32GeU, op.brIf, 1],
    ...[...get(J0), ...set(J)],
    ...op.block,
    ...op.loop,
    ...[...get(J), ...get(J_END), op.i32GeU, op.brIf, 1],
    ...tile,
    ...[...get(J), op.i32Const, 4, op.i32Add, ...set(J)],
    ...[op.br, 0, op.end, op.end],
    ...[...get(I), op.i32Const, 4, op.i32Add, ...set(I)],
    ...[op.br, 0, op.end, op.end],
    ...[...get(J_END), ...set(J0)],
    ...[op.br, 0, op.end, op.end],
    op.end,
  ];
  const locals = [2, 5, 0x7f, 8, 0x7b]; // i, j, p, j0, jEnd: i32; four rows and four pairs: v128
  const content = [...locals, ...code];
  return [...uleb(content.length), ...content];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link TransposeTilesRunner}). */
export function transposeTilesModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(6).fill(0x7f), body(), shared);
}

/** The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. */
export function transposeTilesRunner(backend: BackendWasm): TransposeTilesRunner | undefined {
  return heapRunner<TransposeTilesRunner>(backend, 'transpose-tiles', transposeTilesModuleBytes);
}

/**
 * Writes the transpose of each of `count` row-major `rows × columns` matrices of 4-byte elements
 * of `source` (`columns × rows` each) into `target`, both views of the heap: whole 4 × 4 tiles
 * through the module's `run`, the last `rows mod 4` rows and `columns mod 4` columns one element
 * at a time (as integers, so every bit is kept). Each target row is `targetRowLength` elements
 * apart (at least `rows`; the elements past `rows` are left as they were).
 */
export function transposeMatricesOnHeap(
  run: TransposeTilesRunner,
  source: Uint32Array,
  target: Uint32Array,
  count: number,
  rows: number,
  columns: number,
  targetRowLength = rows,
): void {
  const size = rows * columns;
  const targetSize = columns * targetRowLength;
  const tileRows = rows - (rows % 4);
  const tileColumns = columns - (columns % 4);
  for (let m = 0; m < count; m++) {
    const from = m * size;
    const to = m * targetSize;
    if (tileRows > 0 && tileColumns > 0) run(source.byteOffset + 4 * from, target.byteOffset + 4 * to, tileRows, tileColumns, 4 * columns, 4 * targetRowLength);
    for (let i = 0; i < rows; i++) {
      // Rows below the tiles: every column; rows of the tiles: the columns right of them.
      for (let j = i < tileRows ? tileColumns : 0; j < columns; j++) target[to + j * targetRowLength + i] = source[from + i * columns + j]!;
    }
  }
}
