import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addTo, HEAP_OP as op, heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// The im2col of a convolution's filter gradient on the heap: for `count` NHWC float32 images from
// byte `x`, each output position (n, oh, ow) becomes one row of `columns` holding its patch,
// (fh, fw, channel) in order — a pixel's channels copied where the tap (oh·strideH + fh − top,
// ow·strideW + fw − left) is inside the image, zeros where it is in the padding. Channels are
// moved 16 bytes at a time, then 4, as integers (the bits unchanged). In JavaScript over the
// heap's views this loop cost ≈ 13 ns per element (the MNIST convnet's 86,528 × 9 patch rows ≈ 11
// ms of its ≈ 60 ms step).

/**
 * `run(x, columns, count, inHeight, inWidth, pixelBytes, outHeight, outWidth, filterHeight,
 * filterWidth, strideHeight, strideWidth, top, left)`: byte offsets of the first image and of the
 * rows; `pixelBytes` = 4 · channels (a multiple of 4); the rest in pixels, as tfjs's conv geometry
 * gives them.
 */
export type Im2colRunner = (
  x: number,
  columns: number,
  count: number,
  inHeight: number,
  inWidth: number,
  pixelBytes: number,
  outHeight: number,
  outWidth: number,
  filterHeight: number,
  filterWidth: number,
  strideHeight: number,
  strideWidth: number,
  top: number,
  left: number,
) => void;

const PARAMETERS = 14;
const [X, COLUMNS, COUNT, IN_H, IN_W, PIXEL_BYTES, OUT_H, OUT_W, F_H, F_W, S_H, S_W, TOP, LEFT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
// i32 locals: images left, output row and column, filter row and column, the tap's image row and
// column, source and target pointers, the byte within a pixel, the image's start and size.
const [N, OH, OW, FH, FW, R, C, SOURCE, TARGET, B, IMAGE, IMAGE_BYTES] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25] as const;
const LOCALS = 12;

const I32_LOAD = op.i32Load(0);
const I32_STORE = op.i32Store(0);
/** `for (local = 0; local <u limit; local++) { code }` */
const count = (local: number, limit: number, code: number[]) => [
  ...[op.i32Const, 0, ...set(local)],
  ...[...op.block, ...op.loop],
  ...[...get(local), ...get(limit), op.i32GeU, op.brIf, 1],
  ...code,
  ...addTo(local, [op.i32Const, 1]),
  ...[op.br, 0, op.end, op.end],
];

/**
 * One pixel's `pixelBytes` at TARGET + B from B = 0: 16 bytes at a time while 16 are left, then 4;
 * `value(width)` leaves what to store (a load from SOURCE + B, or zero).
 */
function pixel(value: (width: 16 | 4) => number[]): number[] {
  const store = (width: 16 | 4) => [...get(TARGET), ...get(B), op.i32Add, ...value(width), ...(width === 16 ? op.v128Store(0) : I32_STORE)];
  const run = (width: 16 | 4) => [
    ...[...op.block, ...op.loop],
    ...[...get(B), op.i32Const, width, op.i32Add, ...get(PIXEL_BYTES), op.i32GtU, op.brIf, 1],
    ...store(width),
    ...addTo(B, [op.i32Const, width]),
    ...[op.br, 0, op.end, op.end],
  ];
  return [op.i32Const, 0, ...set(B), ...run(16), ...run(4)];
}

const copied = (width: 16 | 4) => [...get(SOURCE), ...get(B), op.i32Add, ...(width === 16 ? op.v128Load(0) : I32_LOAD)];
const zero = (width: 16 | 4): number[] => (width === 16 ? [...op.v128Zero] : [op.i32Const, 0]);

function body(): number[] {
  // R = OH·strideH + FH − top; C = OW·strideW + FW − left; inside when both are <u the image's size (negative ones wrap).
  const tapRow = [...get(OH), ...get(S_H), op.i32Mul, ...get(FH), op.i32Add, ...get(TOP), op.i32Sub, ...set(R)];
  const tapColumn = [...get(OW), ...get(S_W), op.i32Mul, ...get(FW), op.i32Add, ...get(LEFT), op.i32Sub, ...set(C)];
  const tap = [
    ...tapColumn,
    ...[...get(R), ...get(IN_H), op.i32LtU, ...get(C), ...get(IN_W), op.i32LtU, op.i32And, ...op.if],
    ...[...get(IMAGE), ...get(R), ...get(IN_W), op.i32Mul, ...get(C), op.i32Add, ...get(PIXEL_BYTES), op.i32Mul, op.i32Add, ...set(SOURCE)],
    ...pixel(copied),
    op.else,
    ...pixel(zero),
    op.end,
    ...addTo(TARGET, get(PIXEL_BYTES)),
  ];
  const code = [
    ...[...get(IN_H), ...get(IN_W), op.i32Mul, ...get(PIXEL_BYTES), op.i32Mul, ...set(IMAGE_BYTES)],
    ...[...get(X), ...set(IMAGE), ...get(COLUMNS), ...set(TARGET), ...get(COUNT), ...set(N)],
    ...[...op.block, ...op.loop], // over the images
    ...[...get(N), op.i32Eqz, op.brIf, 1],
    ...count(OH, OUT_H, count(OW, OUT_W, count(FH, F_H, [...tapRow, ...count(FW, F_W, tap)]))),
    ...addTo(IMAGE, get(IMAGE_BYTES)),
    ...[...get(N), op.i32Const, 1, op.i32Sub, ...set(N)],
    ...[op.br, 0, op.end, op.end],
    op.end,
  ];
  const locals = [1, LOCALS, 0x7f];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link Im2colRunner}). */
export function im2colModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(PARAMETERS).fill(0x7f), body(), shared);
}

/** The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. */
export function im2colRunner(backend: BackendWasm): Im2colRunner | undefined {
  return heapRunner<Im2colRunner>(backend, 'im2col', im2colModuleBytes);
}
