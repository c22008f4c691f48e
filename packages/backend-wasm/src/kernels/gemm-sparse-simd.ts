import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { GEMM_FUSED, type GemmRunner, gemmKind, KC, multiplyAdd, scalarMultiplyAdd } from './gemm-simd.js';
import { addTo, HEAP_OP, heapFunctionModule, heapRunner, i32Const, localGet as get, localSet as set, uleb } from './heap-module.js';

// A matrix product that skips the zeros of its left operand. In a ReLU network most products have
// one: the input images (MNIST's pixels are ≈ 80 % zeros), ReLU's outputs and, going back, the
// gradients it masks, thinned further by dropout. The heap product (gemm-simd.ts) sums
// `c + a·b` over every k; a term whose `a` is a zero of either sign adds `±0` to a sum that
// starts at +0, which changes nothing (a float32 sum from +0 is never −0, and `x + ±0` is `x`) —
// unless that B value is infinite or NaN, where `0·b` is NaN. So, with every B value finite,
// summing only the terms with `a ≠ 0`, in the same k order and with the same multiply-add, gives
// the dense product's bits. Each row of A is first compacted into a list of (value, byte offset of
// B's row k) pairs, branch-free; then, pass by pass over k (the dense product's KC values at a
// time, so that the B rows a column block reads stay in cache), every output row is
// computed 32 columns at a time from its list (8 accumulators, one splat per entry), then 4 at a
// time, then one at a time. With one row per block, each B vector loaded serves one multiply-add
// (the dense product's 4 × 8 blocks reuse it four times): with no zeros this product takes
// 1.15–1.5× the dense one's time, with 60 % zeros 0.48–0.63× (2-vCPU Xeon, one thread, the
// 512-unit MLP's shapes).

/**
 * `run(a, b, c, rows, columns, depth, aRowStride, aDepthStride, bDepthStride, cRowStride, cColumnStride, list)`,
 * byte offsets and byte strides as {@link GemmRunner}'s, C(i, j) at `c + i·cRowStride + j·cColumnStride`
 * (so C may be written transposed), and `list` {@link sparseGemmScratchBytes} of scratch:
 * `C(i, j) = Σ_{k: A(i, k) ≠ 0} A(i, k)·B(k, j)`, summed from +0 in k order.
 */
export type SparseGemmRunner = (...args: [...Parameters<GemmRunner>, cColumnStride: number, list: number]) => void;

const op = HEAP_OP;
const F32_CONST_ZERO = [0x43, 0, 0, 0, 0];

const [A, B, C, ROWS, COLUMNS, DEPTH, A_ROW, A_DEPTH, B_DEPTH, C_ROW, C_COLUMN, LIST] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
// i32 locals: the row; the A cursor (then a B row's address); the list cursor and end; B's byte
// offset of row k; the column; C's row; B's column J; k; the pass and the pass count; where the
// lists' pass bounds start; a bounds cursor.
const [I, PA, Q, END, K_OFFSET, J, CP, BJ, K, PASS, PASSES, BOUNDS, BP, CONTIGUOUS] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25] as const;
const ACC = 26; // v128 × 8
const S = 34; // v128: the entry's value in every lane
const VALUE = 35; // f32: A(i, k) while compacting
const SUM = 36; // f32: a last column's sum
const LOCALS = [3, 14, 0x7f, 9, 0x7b, 2, 0x7d];

const i32 = i32Const;
/** `while (!(condition)) { body }` with `exit` the condition's code (true ends the loop). */
const loopUntil = (exit: number[], body: number[]) => [...op.block, ...op.loop, ...exit, op.brIf, 1, ...body, op.br, 0, op.end, op.end];
/** `local·2^shift` */
const scaled = (local: number, shift: number) => [...get(local), ...i32(shift), op.i32Shl];

/** Where row I's list starts: LIST + 8·I·depth. */
const rowList = () => [...get(LIST), ...get(I), ...get(DEPTH), op.i32Mul, ...i32(3), op.i32Shl, op.i32Add];
/** Where row I's pass bounds start: BOUNDS + 4·I·(passes + 1). */
const rowBounds = () => [...get(BOUNDS), ...get(I), ...get(PASSES), ...i32(1), op.i32Add, op.i32Mul, ...i32(2), op.i32Shl, op.i32Add];

/**
 * Row I of A into its list, branch-free: every entry is written, the cursor moves on only past a
 * non-zero value. Where each pass's entries start, and where the last ends, go to the row's bounds.
 */
function compactRow(): number[] {
  return [
    ...[...get(A), ...get(I), ...get(A_ROW), op.i32Mul, op.i32Add, ...set(PA)],
    ...[...rowList(), ...set(Q)],
    ...[...rowBounds(), ...set(BP)],
    ...[...i32(0), ...set(K), ...i32(0), ...set(K_OFFSET)],
    ...loopUntil(
      [...get(K), ...get(DEPTH), op.i32GeU],
      [
        ...[...get(K), ...i32(KC - 1), op.i32And, op.i32Eqz, ...op.if, ...get(BP), ...get(Q), ...op.i32Store(0), ...addTo(BP, i32(4)), op.end],
        ...[...get(PA), ...op.f32Load(0), ...set(VALUE)],
        ...[...get(Q), ...get(VALUE), ...op.f32Store(0)],
        ...[...get(Q), ...get(K_OFFSET), ...op.i32Store(4)],
        ...[...get(Q), ...get(VALUE), ...F32_CONST_ZERO, op.f32Ne, ...i32(3), op.i32Shl, op.i32Add, ...set(Q)],
        ...addTo(PA, get(A_DEPTH)),
        ...addTo(K_OFFSET, get(B_DEPTH)),
        ...addTo(K, i32(1)),
      ],
    ),
    ...[...get(BP), ...get(Q), ...op.i32Store(0)],
  ];
}

/** For every row I: Q and END the bounds of its entries in this pass, CP its C row, then `block`. */
function everyRow(block: number[]): number[] {
  const passBound = [...rowBounds(), ...scaled(PASS, 2), op.i32Add];
  return [
    ...[...i32(0), ...set(I)],
    ...loopUntil(
      [...get(I), ...get(ROWS), op.i32GeU],
      [
        ...[...passBound, ...set(BP), ...get(BP), ...op.i32Load(0), ...set(Q), ...get(BP), ...op.i32Load(4), ...set(END)],
        ...[...get(C), ...get(I), ...get(C_ROW), op.i32Mul, op.i32Add, ...set(CP)],
        ...block,
        ...addTo(I, i32(1)),
      ],
    ),
  ];
}

/** The address of C(I, J + offset): CP + (J + offset)·cColumnStride. */
const cAddress = (offset: number) => [...get(CP), ...get(J), ...(offset > 0 ? [...i32(offset), op.i32Add] : []), ...get(C_COLUMN), op.i32Mul, op.i32Add];

/**
 * C(I, J … J + 4·vectors) += this pass's entries (from +0 in the first pass): `vectors`
 * accumulators. C's columns are read and written as vectors where they are contiguous
 * (cColumnStride 4), else lane by lane (a transposed C).
 */
function columnBlock(vectors: 8 | 1, fused: boolean): number[] {
  const code: number[] = [];
  const contiguousLoads: number[] = [];
  const laneLoads: number[] = [];
  for (let v = 0; v < vectors; v++) {
    contiguousLoads.push(...cAddress(0), ...op.v128Load(16 * v), ...set(ACC + v));
    laneLoads.push(...cAddress(4 * v), ...op.v128Load32Zero(0), ...set(ACC + v));
    for (let lane = 1; lane < 4; lane++) laneLoads.push(...cAddress(4 * v + lane), ...get(ACC + v), ...op.v128Load32Lane(0, lane), ...set(ACC + v));
  }
  const zeros: number[] = [];
  for (let v = 0; v < vectors; v++) zeros.push(...op.v128Zero, ...set(ACC + v));
  // The first pass starts from +0; later ones go on from C.
  code.push(...get(PASS), ...op.if, ...get(CONTIGUOUS), ...op.if, ...contiguousLoads, op.else, ...laneLoads, op.end, op.else, ...zeros, op.end);
  const entry: number[] = [...get(Q), ...op.v128Load32Splat(0), ...set(S)];
  // B(k, J): BJ + the entry's row offset.
  entry.push(...get(BJ), ...get(Q), ...op.i32Load(4), op.i32Add, ...set(PA));
  for (let v = 0; v < vectors; v++) entry.push(...multiplyAdd(ACC + v, get(S), [...get(PA), ...op.v128Load(16 * v)], fused));
  code.push(...loopUntil([...get(Q), ...get(END), op.i32GeU], [...entry, ...addTo(Q, i32(8))]));
  const contiguousStores: number[] = [];
  const laneStores: number[] = [];
  for (let v = 0; v < vectors; v++) {
    contiguousStores.push(...cAddress(0), ...get(ACC + v), ...op.v128Store(16 * v));
    for (let lane = 0; lane < 4; lane++) laneStores.push(...cAddress(4 * v + lane), ...get(ACC + v), ...op.v128Store32Lane(0, lane));
  }
  code.push(...get(CONTIGUOUS), ...op.if, ...contiguousStores, op.else, ...laneStores, op.end);
  return code;
}

/** C(I, J) += this pass's entries, a scalar sum with the dense product's tail multiply-add. */
function scalarColumn(fused: boolean): number[] {
  const bAt = [...get(BJ), ...get(Q), ...op.i32Load(4), op.i32Add];
  const cAt = cAddress(0);
  return [
    ...[...cAt, ...op.f32Load(0), ...F32_CONST_ZERO, ...get(PASS), op.select, ...set(SUM)],
    ...loopUntil([...get(Q), ...get(END), op.i32GeU], [...scalarMultiplyAdd(SUM, get(Q), bAt, fused), ...set(SUM), ...addTo(Q, i32(8))]),
    ...[...cAt, ...get(SUM), ...op.f32Store(0)],
  ];
}

/** While `width` more columns fit: `block` at J, then J += width. BJ follows J. */
function columnsOf(width: number, block: number[]): number[] {
  return loopUntil(
    [...get(J), ...i32(width), op.i32Add, ...get(COLUMNS), op.i32GtU],
    [...[...get(B), ...scaled(J, 2), op.i32Add, ...set(BJ)], ...block, ...addTo(J, i32(width))],
  );
}

function body(fused: boolean): number[] {
  const code = [
    ...[...get(C_COLUMN), ...i32(4), op.i32Eq, ...set(CONTIGUOUS)],
    // passes = ⌈depth / KC⌉; the bounds follow the rows' lists.
    ...[...get(DEPTH), ...i32(KC - 1), op.i32Add, ...i32(Math.log2(KC)), op.i32ShrU, ...set(PASSES)],
    ...[...get(LIST), ...get(ROWS), ...get(DEPTH), op.i32Mul, ...i32(3), op.i32Shl, op.i32Add, ...set(BOUNDS)],
    ...[...i32(0), ...set(I)],
    ...loopUntil([...get(I), ...get(ROWS), op.i32GeU], [...compactRow(), ...addTo(I, i32(1))]),
    ...[...i32(0), ...set(PASS)],
    ...loopUntil(
      [...get(PASS), ...get(PASSES), op.i32GeU],
      [
        ...[...i32(0), ...set(J)],
        ...columnsOf(32, everyRow(columnBlock(8, fused))),
        ...columnsOf(4, everyRow(columnBlock(1, fused))),
        ...columnsOf(1, everyRow(scalarColumn(fused))),
        ...addTo(PASS, i32(1)),
      ],
    ),
    op.end,
  ];
  return [...uleb(LOCALS.length + code.length), ...LOCALS, ...code];
}

/** Bytes of scratch {@link SparseGemmRunner}'s `list` needs for `rows` rows of depth `depth`: the lists and their pass bounds. */
export function sparseGemmScratchBytes(rows: number, depth: number): number {
  return rows * (8 * depth + 4 * (Math.ceil(depth / KC) + 1));
}

/** The bytes of the module exporting `run` ({@link SparseGemmRunner}); `fused` as gemm-simd.ts's. */
export function sparseGemmModuleBytes(shared: boolean, fused = false): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(12).fill(0x7f), body(fused), shared);
}

const SPARSE = 'gemm-sparse';
const SPARSE_FUSED = 'gemm-sparse-fused';

/**
 * The zero-skipping product over the backend's heap, in the build the dense product uses (so both
 * round alike); `undefined` where the runtime has no WebAssembly SIMD.
 */
export function sparseGemmRunner(backend: BackendWasm): SparseGemmRunner | undefined {
  const kind = gemmKind(backend);
  if (kind === undefined) return undefined;
  return kind === GEMM_FUSED
    ? heapRunner<SparseGemmRunner>(backend, SPARSE_FUSED, (shared) => sparseGemmModuleBytes(shared, true))
    : heapRunner<SparseGemmRunner>(backend, SPARSE, (shared) => sparseGemmModuleBytes(shared));
}
