import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fusedMultiplyAddWanted } from '../backend/fused-multiply-add.js';
import { addTo, HEAP_OP, heapFunctionModule, heapMemory, heapRunner, i32Const, localGet as get, localSet as set, uleb } from './heap-module.js';

// A matrix product on the wasm heap that reads both operands where they are. XNNPACK (the stock
// BatchMatMul) first packs its right operand into a private layout — ≈ 3.5 ns per element here,
// as long as the product itself at 50 rows — and keeps the packing only while the same tensor comes
// back, which in training it never does (every step has new weights and gradients); a transposed
// operand costs a Transpose on top. This product needs neither: `C = op(A)·B` for any strides of
// A (so `A` and `Aᵀ` alike) and a B whose rows are contiguous, in register blocks of 4 rows × 8
// columns, each element summed over k in order (`c + a·b`, float32, one rounding per operation).
// Where the runtime has relaxed SIMD (Chrome ≥ 114, Node ≥ 22) a second build of the module does
// each `c + a·b` with `f32x4.relaxed_madd`, one fused multiply-add on processors with FMA (one
// rounding per step instead of two, ≈ 1.35× the multiply-adds per second here); which build a
// heap uses is fixed when the backend starts (`setFusedMultiplyAdd`).

/**
 * `run(a, b, c, rows, columns, depth, aRowStride, aDepthStride, bDepthStride, cRowStride)`, byte
 * offsets and byte strides: `C[i, j] = Σ_k A(i, k)·B(k, j)` (summed from +0 in k order; C's previous contents are never read) with `A(i, k)` at
 * `a + i·aRowStride + k·aDepthStride`, `B(k, j)` at `b + k·bDepthStride + 4j`, `C[i, j]` at
 * `c + i·cRowStride + 4j`.
 */
export type GemmRunner = (
  a: number,
  b: number,
  c: number,
  rows: number,
  columns: number,
  depth: number,
  aRowStride: number,
  aDepthStride: number,
  bDepthStride: number,
  cRowStride: number,
) => void;

const op = HEAP_OP;

// Parameters, then locals: i32 (the block's row and column, k, the A and B cursors), then v128
// (eight accumulators, two B vectors, the splatted A value).
const [A, B, C, ROWS, COLUMNS, DEPTH, A_ROW, A_DEPTH, B_DEPTH, C_ROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const [I0, J0, K, PA, PB, K0, K_END, CP] = [10, 11, 12, 13, 14, 15, 16, 17] as const;
const ACC = 18;
const [B0, B1, S] = [26, 27, 28] as const;
const SUM = 29; // f32: a tail element's sum
/** i32: aRowStride times 1, 2, 3 (the byte offsets of a block's rows 1–3 of A from its first), set once per call. */
const ROW_OFFSET = [30, 31, 32] as const;

/**
 * Depth of one pass: the blocks sum k over [K0, K0 + KC) into C and the next pass goes on from
 * there, so a 128-row panel of B (≤ 256 KB at 512 columns) stays in cache while every row band
 * reads it. Each element still sums k in order: the same additions, the same result. The
 * zero-skipping product (gemm-sparse-simd.ts) makes its passes over k this deep too.
 */
export const KC = 128;
const i32 = i32Const;

/**
 * `acc += s·b` for the vectors `s` and `b` (their code): one relaxed (fused) multiply-add, or a
 * product and a sum each rounded. The zero-skipping product (gemm-sparse-simd.ts) does the same.
 */
export const multiplyAdd = (acc: number, s: number[], b: number[], fused: boolean): number[] =>
  fused ? [...s, ...b, ...get(acc), ...op.f32x4RelaxedMadd, ...set(acc)] : [...get(acc), ...s, ...b, ...op.f32x4Mul, ...op.f32x4Add, ...set(acc)];

/**
 * `sum + a·b` on the stack, for the float32 local `sum` and the floats at the addresses `a` and `b`
 * (their code): lane 0 of a relaxed multiply-add when fused (WebAssembly has no scalar one), else
 * an f32 multiply and add. The product's tails, here and in gemm-sparse-simd.ts.
 */
export function scalarMultiplyAdd(sum: number, a: number[], b: number[], fused: boolean): number[] {
  const splat = (address: number[]) => [...address, ...op.f32Load(0), ...op.f32x4Splat];
  return fused
    ? [...splat(a), ...splat(b), ...get(sum), ...op.f32x4Splat, ...op.f32x4RelaxedMadd, ...op.f32x4ExtractLane(0)]
    : [...get(sum), ...a, ...op.f32Load(0), ...b, ...op.f32Load(0), op.f32Mul, op.f32Add];
}

/** C(I0 + r, J0 + 4v) as a byte address: CP + r·cRow + 16v (the offset goes into the memory operation). */
const cRowAddress = (r: number) => [...get(CP), ...(r > 0 ? [...get(C_ROW), ...i32(r), op.i32Mul, op.i32Add] : [])];

/** One register block of `rows` (4 or 1) × `columns` (8 or 4) at (I0, J0), over k in [K0, K_END), adding to C. */
function microkernel(rows: 4 | 1, columns: 8 | 4, fused: boolean): number[] {
  const vectors = columns / 4;
  const code: number[] = [];
  // PA = a + I0·aRow + K0·aDepth; PB = b + 4·J0 + K0·bDepth; CP = c + I0·cRow + 4·J0.
  code.push(...get(A), ...get(I0), ...get(A_ROW), op.i32Mul, op.i32Add, ...get(K0), ...get(A_DEPTH), op.i32Mul, op.i32Add, ...set(PA));
  code.push(...get(B), ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...get(K0), ...get(B_DEPTH), op.i32Mul, op.i32Add, ...set(PB));
  code.push(...get(C), ...get(I0), ...get(C_ROW), op.i32Mul, op.i32Add, ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...set(CP));
  // The first pass starts the sums at +0 (C is not read, so it need not be zeroed first); later passes go on from C.
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++)
      code.push(...cRowAddress(r), ...op.v128Load(16 * v), ...op.v128Zero, ...get(K0), ...op.selectV128, ...set(ACC + 2 * r + v));
  }
  code.push(...get(K0), ...set(K));
  code.push(...op.block, ...op.loop);
  code.push(...get(K), ...get(K_END), op.i32GeU, op.brIf, 1);
  code.push(...get(PB), ...op.v128Load(0), ...set(B0));
  if (vectors === 2) code.push(...get(PB), ...op.v128Load(16), ...set(B1));
  for (let r = 0; r < rows; r++) {
    // A(I0 + r, k) at PA + r·aRow, loaded into all four lanes.
    code.push(...get(PA));
    if (r > 0) code.push(...get(ROW_OFFSET[r - 1]!), op.i32Add);
    code.push(...op.v128Load32Splat(0), ...set(S));
    for (let v = 0; v < vectors; v++) {
      const acc = ACC + 2 * r + v;
      code.push(...multiplyAdd(acc, get(S), get(v === 0 ? B0 : B1), fused));
    }
  }
  code.push(...addTo(PA, get(A_DEPTH)), ...addTo(PB, get(B_DEPTH)), ...addTo(K, i32(1)));
  code.push(op.br, 0, op.end, op.end);
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...cRowAddress(r), ...get(ACC + 2 * r + v), ...op.v128Store(16 * v));
  return code;
}

/** Every block of `rows` rows from I0 on: J0 over the 8-column blocks, then a 4-column block if one is left. */
function rowBand(rows: 4 | 1, fused: boolean): number[] {
  return [
    ...i32(0),
    ...set(J0),
    ...op.block,
    ...op.loop,
    ...[...get(J0), ...i32(8), op.i32Add, ...get(COLUMNS), op.i32GtU, op.brIf, 1],
    ...microkernel(rows, 8, fused),
    ...addTo(J0, i32(8)),
    ...[op.br, 0, op.end, op.end],
    ...[...get(J0), ...i32(4), op.i32Add, ...get(COLUMNS), op.i32LeU, ...op.if],
    ...microkernel(rows, 4, fused),
    op.end,
  ];
}

/**
 * The last `count` (= `columns mod 4`) columns from J0 for the four rows from I0: one f32x4 per
 * column with row I0 + r in lane r, A's four values gathered lane by lane for each k and B's value
 * splatted. Each element is summed over k in order from +0 with the blocks' multiply-add, as
 * there. One element at a time, a scalar loop over k waits on the latency of every add: the two
 * last columns of a 64 × 784 × 50 product took ≈ 65 µs on top of the other 48 columns' 152 (the
 * fused build's lane-0 multiply-add ≈ 240 µs on top of 134); four rows at a time, ≈ 45.
 */
function tailBlock(count: 1 | 2 | 3, fused: boolean): number[] {
  const code: number[] = [];
  for (let t = 0; t < count; t++) code.push(...op.v128Zero, ...set(ACC + t));
  code.push(...get(A), ...get(I0), ...get(A_ROW), op.i32Mul, op.i32Add, ...set(PA));
  code.push(...get(B), ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...set(PB));
  code.push(...get(C), ...get(I0), ...get(C_ROW), op.i32Mul, op.i32Add, ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...set(CP));
  code.push(...i32(0), ...set(K), ...op.block, ...op.loop, ...get(K), ...get(DEPTH), op.i32GeU, op.brIf, 1);
  // S = A(I0 + r, k) in lane r.
  code.push(...get(PA), ...op.v128Load32Zero(0), ...set(S));
  for (let r = 1; r < 4; r++) code.push(...get(PA), ...get(ROW_OFFSET[r - 1]!), op.i32Add, ...get(S), ...op.v128Load32Lane(0, r), ...set(S));
  for (let t = 0; t < count; t++) code.push(...get(PB), ...op.v128Load32Splat(4 * t), ...set(B0), ...multiplyAdd(ACC + t, get(S), get(B0), fused));
  code.push(...addTo(PA, get(A_DEPTH)), ...addTo(PB, get(B_DEPTH)), ...addTo(K, i32(1)), op.br, 0, op.end, op.end);
  for (let t = 0; t < count; t++) for (let r = 0; r < 4; r++) code.push(...cRowAddress(r), ...get(ACC + t), ...op.v128Store32Lane(4 * t, r));
  return code;
}

/**
 * The last `columns mod 4` columns: four rows at a time ({@link tailBlock}), then the last
 * `rows mod 4` rows one element at a time (a scalar sum over k in the same order, and with the
 * same multiply-add, as the blocks').
 */
function tailColumns(fused: boolean): number[] {
  const multiplyAddScalar = scalarMultiplyAdd(SUM, get(PA), get(PB), fused);
  // J0 = columns rounded down to a multiple of 4; the dispatch on columns − J0 (1, 2 or 3).
  const columnsRoundedDown = [...get(COLUMNS), op.i32Const, 0x7c, 0x71];
  const left = [...get(COLUMNS), ...get(J0), op.i32Sub];
  return [
    ...columnsRoundedDown,
    ...set(J0),
    ...i32(0),
    ...set(I0),
    ...[...get(J0), ...get(COLUMNS), op.i32LtU, ...op.if],
    ...op.block,
    ...op.loop,
    ...[...get(I0), ...i32(4), op.i32Add, ...get(ROWS), op.i32GtU, op.brIf, 1],
    ...[...left, ...i32(1), op.i32Eq, ...op.if, ...tailBlock(1, fused), op.else],
    ...[...left, ...i32(2), op.i32Eq, ...op.if, ...tailBlock(2, fused), op.else, ...tailBlock(3, fused), op.end, op.end],
    ...addTo(I0, i32(4)),
    ...[op.br, 0, op.end, op.end],
    op.end,
    // The rows left, one element at a time.
    ...op.block,
    ...op.loop,
    ...[...get(I0), ...get(ROWS), op.i32GeU, op.brIf, 1],
    ...columnsRoundedDown,
    ...set(J0),
    ...op.block,
    ...op.loop,
    ...[...get(J0), ...get(COLUMNS), op.i32GeU, op.brIf, 1],
    ...[...get(A), ...get(I0), ...get(A_ROW), op.i32Mul, op.i32Add, ...set(PA)],
    ...[...get(B), ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...set(PB)],
    ...[0x43, 0, 0, 0, 0, ...set(SUM)], // f32.const 0
    ...[...i32(0), ...set(K)],
    ...op.block,
    ...op.loop,
    ...[...get(K), ...get(DEPTH), op.i32GeU, op.brIf, 1],
    ...multiplyAddScalar,
    ...set(SUM),
    ...addTo(PA, get(A_DEPTH)),
    ...addTo(PB, get(B_DEPTH)),
    ...addTo(K, i32(1)),
    ...[op.br, 0, op.end, op.end],
    ...[...get(C), ...get(I0), ...get(C_ROW), op.i32Mul, op.i32Add, ...get(J0), ...i32(4), op.i32Mul, op.i32Add, ...get(SUM), ...op.f32Store(0)],
    ...addTo(J0, i32(1)),
    ...[op.br, 0, op.end, op.end],
    ...addTo(I0, i32(1)),
    ...[op.br, 0, op.end, op.end],
  ];
}

function body(fused: boolean): number[] {
  const code = [
    ...ROW_OFFSET.flatMap((local, r) => [...get(A_ROW), ...i32(r + 1), op.i32Mul, ...set(local)]),
    ...i32(0),
    ...set(K0),
    // One pass per KC values of k: K_END = min(K0 + KC, depth).
    ...op.block,
    ...op.loop,
    ...[...get(K0), ...get(DEPTH), op.i32GeU, op.brIf, 1],
    ...[
      ...get(K0),
      op.i32Const,
      ...uleb(KC),
      op.i32Add,
      ...get(DEPTH),
      ...get(K0),
      op.i32Const,
      ...uleb(KC),
      op.i32Add,
      ...get(DEPTH),
      op.i32LeU,
      0x1b,
      ...set(K_END),
    ], // select
    ...i32(0),
    ...set(I0),
    // Bands of four rows while four are left.
    ...op.block,
    ...op.loop,
    ...[...get(I0), ...i32(4), op.i32Add, ...get(ROWS), op.i32GtU, op.brIf, 1],
    ...rowBand(4, fused),
    ...addTo(I0, i32(4)),
    ...[op.br, 0, op.end, op.end],
    // Then the last rows one at a time.
    ...op.block,
    ...op.loop,
    ...[...get(I0), ...get(ROWS), op.i32GeU, op.brIf, 1],
    ...rowBand(1, fused),
    ...addTo(I0, i32(1)),
    ...[op.br, 0, op.end, op.end],
    ...[...get(K0), op.i32Const, ...uleb(KC), op.i32Add, ...set(K0)],
    ...[op.br, 0, op.end, op.end],
    ...tailColumns(fused),
    op.end,
  ];
  const locals = [4, 8, 0x7f, 11, 0x7b, 1, 0x7d, 3, 0x7f];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * The bytes of the module (importing the heap memory, shared when `shared`) exporting `run`
 * ({@link GemmRunner}); with `fused`, every `c + a·b` is a relaxed multiply-add, which needs
 * the runtime's relaxed SIMD.
 */
export function gemmModuleBytes(shared: boolean, fused = false): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(10).fill(0x7f), body(fused), shared);
}

/** The module kind of the product with separate multiply and add, for {@link heapRunner}. */
export const GEMM = 'gemm';
/** The module kind of the relaxed-SIMD product (`gemmModuleBytes(shared, true)`). */
export const GEMM_FUSED = 'gemm-fused';

/** Each kind's module bytes. */
const BUILDS = { [GEMM]: gemmModuleBytes, [GEMM_FUSED]: (shared: boolean) => gemmModuleBytes(shared, true) } as const;

/** The product build each heap uses, chosen on its first product. */
const kinds = new WeakMap<object, typeof GEMM | typeof GEMM_FUSED>();

/**
 * Which product module this backend's heap runs: {@link GEMM_FUSED} when fused multiply-adds are
 * wanted (`setFusedMultiplyAdd`) and the runtime accepts the relaxed-SIMD module, else
 * {@link GEMM}; `undefined` where the heap memory is not reachable. Chosen once per heap, so the
 * calling thread and the helper threads always run the same build.
 */
export function gemmKind(backend: BackendWasm): typeof GEMM | typeof GEMM_FUSED | undefined {
  const memory = heapMemory(backend);
  if (memory === undefined) return undefined;
  let kind = kinds.get(memory);
  if (kind === undefined) {
    kind = fusedMultiplyAddWanted() && heapRunner<GemmRunner>(backend, GEMM_FUSED, BUILDS[GEMM_FUSED]) !== undefined ? GEMM_FUSED : GEMM;
    kinds.set(memory, kind);
  }
  return kind;
}

/** The product runner over the backend's heap (see {@link gemmKind}), or `undefined` where the runtime has no WebAssembly SIMD. */
export function gemmRunner(backend: BackendWasm): GemmRunner | undefined {
  const kind = gemmKind(backend);
  return kind === undefined ? undefined : heapRunner<GemmRunner>(backend, kind, BUILDS[kind]);
}

/** Whether this backend's products round each multiply-add once: the fused build, on a processor that fuses `relaxed_madd`. */
export function gemmFusesMultiplyAdd(backend: BackendWasm): boolean {
  return gemmKind(backend) === GEMM_FUSED && relaxedMultiplyAddIsFused();
}

/**
 * Whether `relaxed_madd` rounds once on this runtime and processor: it computes
 * (1 + 2⁻¹²)² − (1 + 2⁻¹¹), which is 2⁻²⁴ fused and 0 when the product is rounded first (its
 * 2⁻²⁴ is half a unit in the last place, and the tie goes to the even 1 + 2⁻¹¹). `false` where
 * the runtime has no relaxed SIMD.
 */
export function relaxedMultiplyAddIsFused(): boolean {
  fusedOnThisRuntime ??= probeRelaxedMultiplyAdd();
  return fusedOnThisRuntime;
}

/** {@link relaxedMultiplyAddIsFused}'s answer: the runtime and processor do not change within a process. */
let fusedOnThisRuntime: boolean | undefined;

function probeRelaxedMultiplyAdd(): boolean {
  const constant = (bits: number) => [0x43, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, bits >>> 24, ...op.f32x4Splat];
  const onePlus2ToMinus12 = 0x3f800800;
  const minusOnePlus2ToMinus11 = 0xbf801000;
  const code = [
    0,
    ...constant(onePlus2ToMinus12),
    ...constant(onePlus2ToMinus12),
    ...constant(minusOnePlus2ToMinus11),
    ...op.f32x4RelaxedMadd,
    ...op.f32x4ExtractLane(0),
    op.end,
  ];
  const bytes = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[1, 5, 1, 0x60, 0, 1, 0x7d], // type: () → f32
    ...[3, 2, 1, 0], // one function of that type
    ...[7, 7, 1, 3, ...Array.from('run', (character) => character.charCodeAt(0)), 0x00, 0], // export it as "run"
    ...[10, ...uleb(code.length + 2), 1, ...uleb(code.length), ...code],
  ]);
  try {
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run as () => number;
    return run() === 2 ** -24;
  } catch {
    return false;
  }
}
