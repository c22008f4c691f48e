import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { HEAP_OP as op, heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// Max pooling and its gradient for one row of output windows on the heap, four channels at a
// time. The caller clips the windows' rows to the image and passes the first one (`rowWindow`,
// byte offset of its column 0 in the input x, NHWC float32: pixels `pixelBytes` apart along a row,
// rows `rowBytes` apart); the module clips each window's columns (start `column · strideWidth −
// left`, `filterWidth` wide, inside [0, inWidth)). Per window and group of four channels, the taps
// are visited row by row and a tap replaces the best so far only where it is strictly greater
// (`f32x4.gt`, false for NaN, then `v128.bitselect` of the value and of the tap's address): from
// −∞, the first maximum wins and NaN never does, as in tfjs-backend-cpu's kernels. Then, by `mode`:
// the maximum is stored as the window's output (a window of NaN and −∞ gives −∞); or each lane
// whose window had a winner adds its output gradient into dx at the winner's address + `dxMinusX`
// — one float32 add per channel, windows in the JavaScript loop's order, so the same bits; or,
// where the windows tile the image, every tap's dx is stored once.

/** What {@link MaxPoolRunner} does with each window's maximum. */
export const MaxPoolMode = {
  /** Adds the window's output gradient into dx at its first maximum (dx zeroed by the caller). */
  AddGradient: 0,
  /**
   * Stores dx at every tap: `0 + dy` where it is the first maximum (−0 becomes +0, as in a sum
   * from zero) and +0 elsewhere. Only where the windows tile the image (each input pixel in exactly
   * one window, every channel in a group): dx is then written once and never read or zeroed.
   */
  StoreGradient: 1,
  /** Stores the window's maximum as its output. */
  Forward: 2,
} as const;

/**
 * `run(rowWindow, dxMinusX, outRow, rows, rowBytes, pixelBytes, groupBytes, outWidth, strideWidth,
 * left, filterWidth, inWidth, mode)`: byte offsets of the windows' first row at column 0 in x and
 * of the row's outputs (the pool's output, or its gradient dy); dx's offset minus x's (wrapping;
 * unused in the forward mode); `rows` ≥ 1 the windows' rows inside the image; `groupBytes` = 16 ·
 * ⌊channels / 4⌋, the channels the module handles; the rest in pixels (columns, as tfjs's pool
 * geometry gives them); `mode` a {@link MaxPoolMode}.
 */
export type MaxPoolRunner = (
  rowWindow: number,
  dxMinusX: number,
  outRow: number,
  rows: number,
  rowBytes: number,
  pixelBytes: number,
  groupBytes: number,
  outWidth: number,
  strideWidth: number,
  left: number,
  filterWidth: number,
  inWidth: number,
  mode: number,
) => void;

const SIMD = 0xfd;
const PARAMETERS = 13;
const [ROW_WINDOW, DX_MINUS_X, OUT_ROW, ROWS, ROW_BYTES, PIXEL_BYTES, GROUP_BYTES, OUT_WIDTH, STRIDE_WIDTH, LEFT, FILTER_WIDTH, IN_WIDTH, MODE] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
] as const;
// The i32 locals: the group's byte, the tap row's start, the tap pointer, counters, a winner's
// address, the output column, the window's first tap, its outputs, width, first and
// last column + 1; then the v128 locals: best values, their addresses, a tap's values, the mask.
const [G, ROW_START, P, R, K, A, COLUMN, WINDOW, OUT, COLS, FIRST, END] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;
const [BEST, WHERE, VALUE, MASK] = [25, 26, 27, 28] as const;

const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_GT = [SIMD, 0x44];
const V128_BITSELECT = [SIMD, 0x52];
const I32X4_SPLAT = [SIMD, 0x11];
const I32X4_EQ = [SIMD, 0x37];
const I32X4_EXTRACT_LANE = (lane: number) => [SIMD, 0x1b, lane];
const F32_NEGATIVE_INFINITY = [0x43, 0x00, 0x00, 0x80, 0xff]; // f32.const −∞ (0xff800000, little-endian)
const I32_MINUS_ONE = [op.i32Const, 0x7f];
const I32_EQZ = 0x45;
const I32_NE = 0x47;
const I32_GT_S = 0x4a;
const SELECT = 0x1b;

/**
 * dx[winner] += dy[channel] for one lane, where the lane found a winner: `where` holds the winning
 * tap's address of the group's first channel (−1: none), the same in every lane that tap won.
 */
function scatterLane(lane: number): number[] {
  return [
    ...[...get(WHERE), ...I32X4_EXTRACT_LANE(lane), ...set(A)],
    ...[...get(A), ...I32_MINUS_ONE, I32_NE, ...op.if],
    ...[...get(A), ...get(DX_MINUS_X), op.i32Add], // the winning tap's group in dx; the lane's float 4·lane on
    ...[...get(A), ...get(DX_MINUS_X), op.i32Add, ...op.f32Load(4 * lane)],
    ...[...get(OUT), ...get(G), op.i32Add, ...op.f32Load(4 * lane)],
    op.f32Add,
    ...op.f32Store(4 * lane),
    op.end,
  ];
}

/** `counter` decremented by one. */
const decrement = (counter: number) => [...get(counter), op.i32Const, 1, op.i32Sub, ...set(counter)];
/** `pointer` advanced by the i32 local `step`. */
const advance = (pointer: number, step: number) => [...get(pointer), ...get(step), op.i32Add, ...set(pointer)];

/** `code` for every tap of the window's group (P its address), row by row. */
function forEachTap(code: number[]): number[] {
  return [
    ...[...get(WINDOW), ...get(G), op.i32Add, ...set(ROW_START)],
    ...[...get(ROWS), ...set(R)],
    ...[...op.block, ...op.loop], // over the window's rows
    ...[...get(R), I32_EQZ, op.brIf, 1],
    ...[...get(ROW_START), ...set(P)],
    ...[...get(COLS), ...set(K)],
    ...[...op.block, ...op.loop], // over the row's taps
    ...[...get(K), I32_EQZ, op.brIf, 1],
    ...code,
    ...advance(P, PIXEL_BYTES),
    ...decrement(K),
    ...[op.br, 0, op.end, op.end],
    ...advance(ROW_START, ROW_BYTES),
    ...decrement(R),
    ...[op.br, 0, op.end, op.end],
  ];
}

/** dx at every tap of a tiling window: `0 + dy` (−0 becomes +0, as in a sum from zero) where the tap won, +0 elsewhere. */
function storeTiles(): number[] {
  return [
    ...[...get(OUT), ...get(G), op.i32Add, ...op.v128Load(0), ...op.v128Zero, ...op.f32x4Add, ...set(VALUE)],
    ...forEachTap([
      ...[...get(P), ...get(DX_MINUS_X), op.i32Add],
      ...[...get(VALUE), ...op.v128Zero, ...get(P), ...I32X4_SPLAT, ...get(WHERE), ...I32X4_EQ, ...V128_BITSELECT],
      ...op.v128Store(0),
    ]),
  ];
}

/** One window (WINDOW, COLS, OUT set) over every group of four channels. */
function oneWindow(): number[] {
  return [
    ...[op.i32Const, 0, ...set(G)],
    ...[...op.block, ...op.loop], // over groups of four channels
    ...[...get(G), ...get(GROUP_BYTES), op.i32GeU, op.brIf, 1],
    ...[...F32_NEGATIVE_INFINITY, ...F32X4_SPLAT, ...set(BEST)],
    ...[...I32_MINUS_ONE, ...I32X4_SPLAT, ...set(WHERE)],
    ...forEachTap([
      ...[...get(P), ...op.v128Load(0), ...set(VALUE)],
      ...[...get(VALUE), ...get(BEST), ...F32X4_GT, ...set(MASK)], // value > best, per lane
      ...[...get(VALUE), ...get(BEST), ...get(MASK), ...V128_BITSELECT, ...set(BEST)],
      ...[...get(P), ...I32X4_SPLAT, ...get(WHERE), ...get(MASK), ...V128_BITSELECT, ...set(WHERE)],
    ]),
    ...[...get(MODE), op.i32Const, MaxPoolMode.Forward, op.i32Eq, ...op.if],
    ...[...get(OUT), ...get(G), op.i32Add, ...get(BEST), ...op.v128Store(0)],
    op.else,
    ...[...get(MODE), op.i32Const, MaxPoolMode.StoreGradient, op.i32Eq, ...op.if, ...storeTiles(), op.else, ...[0, 1, 2, 3].flatMap(scatterLane), op.end],
    op.end,
    ...[...get(G), op.i32Const, 16, op.i32Add, ...set(G)],
    ...[op.br, 0, op.end, op.end],
  ];
}

function body(): number[] {
  const code = [
    ...[...get(OUT_ROW), ...set(OUT)],
    ...[...op.block, ...op.loop], // over the row's output columns
    ...[...get(COLUMN), ...get(OUT_WIDTH), op.i32GeU, op.brIf, 1],
    // FIRST = column · strideWidth − left; END = min(FIRST + filterWidth, inWidth); FIRST = max(FIRST, 0)
    ...[...get(COLUMN), ...get(STRIDE_WIDTH), op.i32Mul, ...get(LEFT), op.i32Sub, ...set(FIRST)],
    ...[...get(FIRST), ...get(FILTER_WIDTH), op.i32Add, ...set(END)],
    ...[...get(IN_WIDTH), ...get(END), ...get(END), ...get(IN_WIDTH), I32_GT_S, SELECT, ...set(END)],
    ...[...get(FIRST), op.i32Const, 0, ...get(FIRST), op.i32Const, 0, I32_GT_S, SELECT, ...set(FIRST)],
    ...[...get(END), ...get(FIRST), op.i32Sub, ...set(COLS)],
    // A window entirely in the padding has no taps and passes no gradient.
    ...[...get(COLS), op.i32Const, 0, I32_GT_S, ...op.if],
    ...[...get(ROW_WINDOW), ...get(FIRST), ...get(PIXEL_BYTES), op.i32Mul, op.i32Add, ...set(WINDOW)],
    ...oneWindow(),
    op.end,
    ...advance(OUT, PIXEL_BYTES),
    ...[...get(COLUMN), op.i32Const, 1, op.i32Add, ...set(COLUMN)],
    ...[op.br, 0, op.end, op.end],
    op.end,
  ];
  const locals = [2, 12, 0x7f, 4, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link MaxPoolRunner}). */
export function maxPoolModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(PARAMETERS).fill(0x7f), body(), shared);
}

/** The module kind, for {@link heapRunner} (and `withoutHeapRunner` in tests). */
export const MAX_POOL = 'max-pool';

/** The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. */
export function maxPoolRunner(backend: BackendWasm): MaxPoolRunner | undefined {
  return heapRunner<MaxPoolRunner>(backend, MAX_POOL, maxPoolModuleBytes);
}

/**
 * Runs {@link MaxPoolRunner} over every row of output windows of a pool with geometry `info`
 * (dilation 1, no window wholly in the padding) for the module's channels (⌊channels / 4⌋ · 4):
 * `x` the pool's input, `out` its output (`Forward`) or output gradient, `dx` the input gradient
 * (the gradient modes), all float32 views of the heap. The caller handles the other channels.
 */
export function maxPoolRows(
  run: MaxPoolRunner,
  info: tf.backend_util.Conv2DInfo,
  x: Float32Array,
  out: Float32Array,
  dx: Float32Array | undefined,
  mode: (typeof MaxPoolMode)[keyof typeof MaxPoolMode],
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const groupBytes = 4 * (channels - (channels % 4));
  const rowBytes = inWidth * channels * 4;
  const pixelBytes = channels * 4;
  const dxMinusX = dx === undefined ? 0 : (dx.byteOffset - x.byteOffset) | 0;
  for (let n = 0; n < batchSize; n++) {
    for (let row = 0; row < outHeight; row++) {
      const rowStart = row * strideHeight - top;
      const firstRow = Math.max(rowStart, 0);
      const rows = Math.min(rowStart + filterHeight, inHeight) - firstRow;
      if (rows <= 0) continue;
      const rowWindow = x.byteOffset + (n * inHeight + firstRow) * inWidth * channels * 4;
      const outRow = out.byteOffset + (n * outHeight + row) * outWidth * channels * 4;
      run(rowWindow, dxMinusX, outRow, rows, rowBytes, pixelBytes, groupBytes, outWidth, strideWidth, left, filterWidth, inWidth, mode);
    }
  }
}
