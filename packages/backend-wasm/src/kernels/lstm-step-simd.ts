import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ACTIVATION_SCRATCH, f32Lanes, LANE_OP, sigmoidLanes, tanhLanes } from './activation-lanes.js';
import { addTo, heapModule, heapRunner, i32Const, withoutHeapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// One time step of the whole-sequence LSTM on 'wasm' as one call of a WebAssembly SIMD module
// over the heap. The per-step kernel chain it replaces (a product h·U, a pre-activation formula, a
// copy, Sigmoid, two Tanh, two more formulas, five heap tensors made and disposed) cost ≈ 8
// JavaScript → wasm crossings and six passes over the step's gates. Here a second function first
// computes every batch row's z = (x·W + h·U) + b over the rows' x·W (two rows and four units of
// all four gates at a time, k in order from +0 as the heap product gemm-simd.ts sums); then `run`
// goes over each row four units at a time: the gate activations, c' = f·c + i·g, h' = o·tanh(c'),
// the workspace row the backward pass reads, and the outputs (Keras's masked blend where a mask is
// given). tanh is native's algorithm, sigmoid `1/(1 + e^(−|x|))` or `e/(1 + e)` (activation-lanes.ts).
// The module is built for one unit count, so every offset within a row is a constant.

/**
 * `run(xz, xzStride, bias, recurrentKernel, h, c, workspace, workspaceStride, last, sequence,
 * sequenceStride, mask, maskStride, rows)`, byte offsets and byte strides, for one time
 * step over `rows` batch rows: `xz` is row 0's `x·W` at this step (4·units wide, the next row
 * `xzStride` on; overwritten with the step's pre-activations), `bias` 4·units wide (ignored by
 * the module without bias), the recurrent kernel units × 4·units, `h`, `c` and `last` rows ×
 * units (updated in place), `workspace` row 0's workspace row at this step (segments i, f, g, o,
 * c, tanh(c'), h of `units` floats each, then the mask value), `sequence` row 0's output at this
 * step, `mask` row 0's mask value at this step (read by the masked module only). The unit count
 * is the module's own (a multiple of 4).
 */
export type LstmStepRunner = (
  xz: number,
  xzStride: number,
  bias: number,
  recurrentKernel: number,
  h: number,
  c: number,
  workspace: number,
  workspaceStride: number,
  last: number,
  sequence: number,
  sequenceStride: number,
  mask: number,
  maskStride: number,
  rows: number,
) => void;

const op = { ...LANE_OP, f32Const1: [0x43, 0x00, 0x00, 0x80, 0x3f] } as const;
const { f32x4Add: add, f32x4Mul: mul } = op;
const store = op.v128Store(0);

// Parameters.
const [XZ, XZ_STRIDE, BIAS, REC, H, C, WS, WS_STRIDE, LAST, SEQ, SEQ_STRIDE, MASK, MASK_STRIDE, ROWS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
// `run`'s i32 locals: the row, the unit block's byte offset, the row's saved h in the workspace.
const [S, J, WH] = [14, 15, 16] as const;
// The f32 local: the row's mask value.
const KEEP = 17;
// v128 locals: keep and 1 − keep splatted, the four gates, c, c', tanh(c'), h', the blended last
// output, then the activations' scratch.
const [KEEPV, CARRYV, GATE_I, GATE_F, GATE_G, GATE_O, C_PREVIOUS, C_NEW, TANH_C, H_NEW, LAST_KEPT] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28] as const;
const SCRATCH = 29;
const GATES = [GATE_I, GATE_F, GATE_G, GATE_O] as const;

const i32 = i32Const;
/** `v128.load` / `v128.store` at a constant byte offset from the address on the stack. */
const loadAt = op.v128Load;
const storeAt = op.v128Store;
/** `loop while local < limit { body; local += step }`, local starting at 0 (limit a constant). */
const countUp = (local: number, limit: number[], step: number, body: number[]) => [
  ...i32(0),
  ...set(local),
  ...op.block,
  ...op.loop,
  ...[...get(local), ...limit, op.i32GeU, op.brIf, 1],
  ...body,
  ...addTo(local, i32(step)),
  ...[op.br, 0, op.end, op.end],
];
/** `next·keep + previous·(1 − keep)`, Keras's masked step, of two v128 values' code. */
const blend = (next: number[], previous: number[]) => [...next, ...get(KEEPV), ...mul, ...previous, ...get(CARRYV), ...mul, ...add];

/**
 * Values of k per pass of the products' k loops, forward (`h·U`) and backward (`dz·Uᵀ`); the unit
 * count is a multiple of 4. On the 2-vCPU Xeon, for 32 units one row at a time, 1, 2, 4, 8 and
 * all 32 at once gave 80, 84, 71, 91 and 87–94 µs per forward step, so passes of 4 were kept. On a
 * 2-core AMD EPYC (Zen 5), with two rows at a time, the forward products alone of 64 rows × 32
 * units took 10.6, 16.6, 19.3, 21.3 and 31.6 µs per step for 1, 2, 4, 8 and 32 (the heap product,
 * gemm-simd.ts, one k per pass, 10.6 µs for the same product), and the stacked LSTM's training
 * step took 0.95× the time with passes of 1 in both directions than of 4 (16 pairs alternating in
 * one process; 0.89–0.92× alternating processes); 1 is kept.
 */
const K_CHUNK = 1;

/**
 * The second function of a forward module, `products(rec, h, xz, bias, rows, xzStride)`: for every
 * batch row, `z = (x·W + h·U) + b` of every gate, written over the row's `x·W` (which nothing
 * reads again), before `run` changes any `h`. Rows go in pairs, so each U vector loaded serves
 * two rows (eight accumulators: two rows × four gates, four units each), an odd last row alone.
 * A function of its own so that its accumulators keep their registers: inlined among the
 * activations, V8 spilled them in the k loop.
 */
function productsBody(withBias: boolean, units: number): number[] {
  const [rec, h, xz, bias, rows, xzStride] = [0, 1, 2, 3, 4, 5] as const;
  const [s, j, k, p, base, xzRow] = [6, 7, 8, 9, 10, 11] as const;
  const accumulator = (row: number, gate: number) => 12 + 4 * row + gate;
  const hk = (row: number) => 20 + row;
  const u = 22;
  const unitBytes = 4 * units;
  const gateRowBytes = 4 * unitBytes;
  /** One block of `count` rows from the current `h` and `xz` rows. */
  const block = (count: number) => {
    // Σ_k h(k)·U(k, gate·units + j … j + 3), k in order, all four gates at once; P = U(K, J).
    const kChunk: number[] = [...get(h), ...get(k), op.i32Add, ...set(base)];
    for (let step = 0; step < K_CHUNK; step++) {
      for (let r = 0; r < count; r++) kChunk.push(...get(base), ...op.v128Load32Splat(r * unitBytes + 4 * step), ...set(hk(r)));
      for (let gate = 0; gate < 4; gate++) {
        kChunk.push(...get(p), ...loadAt(step * gateRowBytes + gate * unitBytes), ...set(u));
        for (let r = 0; r < count; r++) kChunk.push(...get(accumulator(r, gate)), ...get(hk(r)), ...get(u), ...mul, ...add, ...set(accumulator(r, gate)));
      }
    }
    kChunk.push(...addTo(p, i32(K_CHUNK * gateRowBytes)));
    const unitBlock: number[] = [];
    for (let r = 0; r < count; r++) for (let gate = 0; gate < 4; gate++) unitBlock.push(...op.v128Zero, ...set(accumulator(r, gate)));
    unitBlock.push(...get(rec), ...get(j), op.i32Add, ...set(p));
    unitBlock.push(...countUp(k, i32(unitBytes), 4 * K_CHUNK, kChunk));
    for (let r = 0; r < count; r++) {
      unitBlock.push(...get(xz), ...get(j), op.i32Add, ...(r > 0 ? [...get(xzStride), op.i32Add] : []), ...set(xzRow));
      for (let gate = 0; gate < 4; gate++) {
        unitBlock.push(...get(xzRow), ...get(xzRow), ...loadAt(gate * unitBytes), ...get(accumulator(r, gate)), ...add);
        if (withBias) unitBlock.push(...get(bias), ...get(j), op.i32Add, ...loadAt(gate * unitBytes), ...add);
        unitBlock.push(...storeAt(gate * unitBytes));
      }
    }
    return [
      ...countUp(j, i32(unitBytes), 16, unitBlock),
      ...addTo(h, i32(count * unitBytes)),
      ...[...get(xz), ...get(xzStride), ...(count > 1 ? [...i32(count), op.i32Mul] : []), op.i32Add, ...set(xz)],
      ...addTo(s, i32(count)),
    ];
  };
  const code = [
    ...i32(0),
    ...set(s),
    // Pairs of rows while two are left, then the last row alone.
    ...op.block,
    ...op.loop,
    ...[...get(s), ...i32(2), op.i32Add, ...get(rows), 0x4b, op.brIf, 1], // s + 2 > rows → leave
    ...block(2),
    ...[op.br, 0, op.end, op.end],
    ...[...get(s), ...get(rows), op.i32GeU, op.brIf, 0], // no row left → skip
    ...block(1),
    op.end,
  ];
  const locals = [2, 6, 0x7f, 11, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The code of `run` for one module variant: the unit count is built in, so every offset within a row is a constant. */
function body(masked: boolean, units: number): number[] {
  const unitBytes = 4 * units;
  /** `address(base + J) + segment·unitBytes`, loaded or stored. */
  const atBase = (base: number) => [...get(base), ...get(J), op.i32Add];
  const loadSegment = (base: number, segment = 0) => [...atBase(base), ...loadAt(segment * unitBytes)];
  const storeSegment = (base: number, segment: number, value: number[]) => [...atBase(base), ...value, ...storeAt(segment * unitBytes)];

  const unitBlock: number[] = [];
  // The pre-activations z (products() left them in the row's x·W), then sigmoid for i, f, o and tanh for g.
  GATES.forEach((gate, g) => unitBlock.push(...loadSegment(XZ, g), ...set(gate)));
  GATES.forEach((gate, g) => unitBlock.push(...(g === 2 ? tanhLanes(gate, SCRATCH) : sigmoidLanes(gate, SCRATCH)), ...set(gate)));
  // c' = f·c + i·g; h' = o·tanh(c').
  unitBlock.push(...loadSegment(C), ...set(C_PREVIOUS));
  unitBlock.push(...get(GATE_F), ...get(C_PREVIOUS), ...mul, ...get(GATE_I), ...get(GATE_G), ...mul, ...add, ...set(C_NEW));
  unitBlock.push(...tanhLanes(C_NEW, SCRATCH), ...set(TANH_C));
  unitBlock.push(...get(GATE_O), ...get(TANH_C), ...mul, ...set(H_NEW));
  // The workspace row: i, f, g, o, c, tanh(c') (h was saved before the products).
  [GATE_I, GATE_F, GATE_G, GATE_O, C_PREVIOUS, TANH_C].forEach((value, segment) => unitBlock.push(...storeSegment(WS, segment, get(value))));
  if (masked) {
    unitBlock.push(...blend(get(H_NEW), loadSegment(LAST)), ...set(LAST_KEPT));
    unitBlock.push(...storeSegment(LAST, 0, get(LAST_KEPT)));
    unitBlock.push(...storeSegment(H, 0, blend(get(H_NEW), loadSegment(WH))));
    unitBlock.push(...storeSegment(C, 0, blend(get(C_NEW), get(C_PREVIOUS))));
    unitBlock.push(...storeSegment(SEQ, 0, get(LAST_KEPT)));
  } else {
    for (const target of [LAST, H, SEQ]) unitBlock.push(...storeSegment(target, 0, get(H_NEW)));
    unitBlock.push(...storeSegment(C, 0, get(C_NEW)));
  }

  const row: number[] = [];
  // The row's h, kept in the workspace (the backward pass reads it there) and read by the products from there.
  row.push(...get(WS), ...i32(6 * unitBytes), op.i32Add, ...set(WH));
  row.push(...countUp(J, i32(unitBytes), 16, [...atBase(WH), ...loadSegment(H), ...store]));
  // The mask value, kept after the workspace row's segments.
  row.push(...(masked ? [...get(MASK), ...op.f32Load(0)] : op.f32Const1), ...set(KEEP));
  row.push(...get(WS), ...get(KEEP), ...op.f32Store(7 * unitBytes));
  if (masked) {
    row.push(...get(KEEP), ...op.f32x4Splat, ...set(KEEPV));
    row.push(...op.f32Const1, ...get(KEEP), op.f32Sub, ...op.f32x4Splat, ...set(CARRYV));
  }
  row.push(...countUp(J, i32(unitBytes), 16, unitBlock));
  row.push(...addTo(XZ, get(XZ_STRIDE)), ...addTo(H, i32(unitBytes)), ...addTo(C, i32(unitBytes)), ...addTo(WS, get(WS_STRIDE)));
  row.push(...addTo(LAST, i32(unitBytes)), ...addTo(SEQ, get(SEQ_STRIDE)), ...addTo(MASK, get(MASK_STRIDE)));
  const code = [...get(REC), ...get(H), ...get(XZ), ...get(BIAS), ...get(ROWS), ...get(XZ_STRIDE), op.call, 1, ...countUp(S, get(ROWS), 1, row), op.end];
  const locals = [3, 3, 0x7f, 1, 0x7d, ...uleb(11 + ACTIVATION_SCRATCH), 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * The bytes of the module for `units` units (a multiple of 4), with or without a bias and a mask,
 * importing the heap memory (shared when `shared`) and exporting `run` ({@link LstmStepRunner}).
 */
export function lstmStepModuleBytes(withBias: boolean, masked: boolean, units: number, shared: boolean): Uint8Array<ArrayBuffer> {
  const run = { parameters: new Array<number>(14).fill(0x7f), body: body(masked, units) };
  const products = { parameters: new Array<number>(6).fill(0x7f), body: productsBody(withBias, units) };
  return heapModule([run, products], shared);
}

/** The prefix of every LSTM step module's kind (for {@link heapRunner}). */
const LSTM_STEP_KINDS = 'lstm-';
/** The module kind of one forward variant. */
const lstmStepKind = (withBias: boolean, masked: boolean, units: number) =>
  `${LSTM_STEP_KINDS}step-${units}-${withBias ? 'bias' : 'no-bias'}-${masked ? 'masked' : 'unmasked'}`;

/**
 * Runs `body` with every LSTM step module switched off ({@link withoutHeapRunner}), as on a
 * runtime without WebAssembly SIMD: tests compare the kernels' per-step paths with each other.
 */
export const withoutLstmStepModule = <T>(body: () => T): T => withoutHeapRunner(LSTM_STEP_KINDS, body);

/** Steps run through the modules so far, forward and backward (tests check that they were used). */
const runs = { forward: 0, backward: 0 };
/** Counts `steps` steps a kernel ran through a step module (once per kernel call, not per step). */
export function countLstmSteps(direction: 'forward' | 'backward', steps: number): void {
  runs[direction] += steps;
}
/** How many forward steps this process ran through the module. */
export function lstmStepRuns(): number {
  return runs.forward;
}

/**
 * The step runner over the backend's heap for this variant, or `undefined` where the runtime has
 * no WebAssembly SIMD or the unit count is not a multiple of 4 (the kernel then runs its per-step
 * chain). Kernels report the steps they ran with {@link countLstmSteps}.
 */
export function lstmStepRunner(backend: BackendWasm, withBias: boolean, masked: boolean, units: number): LstmStepRunner | undefined {
  if (units % 4 !== 0 || units === 0) return undefined;
  return heapRunner<LstmStepRunner>(backend, lstmStepKind(withBias, masked, units), (shared) => lstmStepModuleBytes(withBias, masked, units, shared));
}

/**
 * `run(workspace, workspaceStride, upstream, upstreamStride, dOutput, dh, dc, dZ, dZStride,
 * recurrentTransposed, rows)`, byte offsets and byte strides, for one time step of the backward
 * pass over `rows` batch rows: `workspace` is row 0's workspace row at this step (as the forward
 * step wrote it, its mask value after the segments), `upstream` row 0's gradient of the sequence
 * output at this step, `dOutput`, `dh` and `dc` rows × units (the gradients carried from step to
 * step, updated in place), `dZ` row 0's pre-activation gradients at this step (written), and
 * `recurrentTransposed` Uᵀ (4·units × units).
 */
export type LstmBackwardStepRunner = (
  workspace: number,
  workspaceStride: number,
  upstream: number,
  upstreamStride: number,
  dOutput: number,
  dh: number,
  dc: number,
  dZ: number,
  dZStride: number,
  recurrentTransposed: number,
  rows: number,
) => void;

/**
 * The backward step's code for one unit count. Per row and four units at a time, the arithmetic
 * of recurrent-simd.ts's LSTM_BACKWARD_STEP (the same operations in the same order) with the
 * row's `keep` and `1 − keep`; then a second function adds `dz·Uᵀ` to the row's `dh`.
 */
function backwardBody(units: number): number[] {
  const unitBytes = 4 * units;
  const [WS_, WS_STRIDE_, UP, UP_STRIDE, D_OUTPUT, DH, DC, DZ, DZ_STRIDE, REC_T, ROWS_] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
  const [S_, J_] = [11, 12] as const;
  const KEEP_ = 13;
  const [KEEP_V, CARRY_V, ONE, D_OUT, DH_NEW, DC_NEW, DZI, DZF, DZG, DZO] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23] as const;
  const [IN, FORGET, CELL, OUT, C_PREV, TANH_C_] = [24, 25, 26, 27, 28, 29] as const;
  const sub = op.f32x4Sub;
  const at = (base: number) => [...get(base), ...get(J_), op.i32Add];
  const loadSegment = (base: number, segment = 0) => [...at(base), ...loadAt(segment * unitBytes)];
  const storeSegment = (base: number, segment: number, value: number[]) => [...at(base), ...value, ...storeAt(segment * unitBytes)];
  /** `(a·b)·(c·(1 − c))`: a gate's sigmoid derivative term. */
  const sigmoidTerm = (a: number, b: number, c: number) => [...get(a), ...get(b), ...mul, ...get(c), ...get(ONE), ...get(c), ...sub, ...mul, ...mul];

  const unitBlock: number[] = [];
  [IN, FORGET, CELL, OUT, C_PREV, TANH_C_].forEach((local, segment) => unitBlock.push(...loadSegment(WS_, segment), ...set(local)));
  // dOut = dOutput + upstream; dh' = dh·keep + dOut·keep; dc' = dc·keep + (dh'·o)·(1 − tanh(c)²).
  unitBlock.push(...loadSegment(D_OUTPUT), ...loadSegment(UP), ...add, ...set(D_OUT));
  unitBlock.push(...loadSegment(DH), ...get(KEEP_V), ...mul, ...get(D_OUT), ...get(KEEP_V), ...mul, ...add, ...set(DH_NEW));
  unitBlock.push(...loadSegment(DC), ...get(KEEP_V), ...mul);
  unitBlock.push(...get(DH_NEW), ...get(OUT), ...mul, ...get(ONE), ...get(TANH_C_), ...get(TANH_C_), ...mul, ...sub, ...mul, ...add, ...set(DC_NEW));
  unitBlock.push(...sigmoidTerm(DC_NEW, CELL, IN), ...set(DZI));
  unitBlock.push(...sigmoidTerm(DC_NEW, C_PREV, FORGET), ...set(DZF));
  unitBlock.push(...get(DC_NEW), ...get(IN), ...mul, ...get(ONE), ...get(CELL), ...get(CELL), ...mul, ...sub, ...mul, ...set(DZG));
  unitBlock.push(...sigmoidTerm(DH_NEW, TANH_C_, OUT), ...set(DZO));
  [DZI, DZF, DZG, DZO].forEach((local, gate) => unitBlock.push(...storeSegment(DZ, gate, get(local))));
  // dh ← dh·carry (dz·Uᵀ is added after the row); dc ← dc·carry + dc'·f; dOutput ← dOut·carry.
  unitBlock.push(...storeSegment(DH, 0, [...loadSegment(DH), ...get(CARRY_V), ...mul]));
  unitBlock.push(...storeSegment(DC, 0, [...loadSegment(DC), ...get(CARRY_V), ...mul, ...get(DC_NEW), ...get(FORGET), ...mul, ...add]));
  unitBlock.push(...storeSegment(D_OUTPUT, 0, [...get(D_OUT), ...get(CARRY_V), ...mul]));

  const row: number[] = [];
  row.push(...get(WS_), ...op.f32Load(7 * unitBytes), ...set(KEEP_));
  row.push(...get(KEEP_), ...op.f32x4Splat, ...set(KEEP_V));
  row.push(...op.f32Const1, ...get(KEEP_), op.f32Sub, ...op.f32x4Splat, ...set(CARRY_V));
  row.push(...countUp(J_, i32(unitBytes), 16, unitBlock));
  row.push(...get(DZ), ...get(REC_T), ...get(DH), op.call, 1);
  row.push(...addTo(WS_, get(WS_STRIDE_)), ...addTo(UP, get(UP_STRIDE)), ...addTo(D_OUTPUT, i32(unitBytes)), ...addTo(DH, i32(unitBytes)));
  row.push(...addTo(DC, i32(unitBytes)), ...addTo(DZ, get(DZ_STRIDE)));
  const code = [...f32Lanes(1), ...set(ONE), ...countUp(S_, get(ROWS_), 1, row), op.end];
  const locals = [3, 2, 0x7f, 1, 0x7d, 16, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * The backward step's second function, `dzProduct(dz, recurrentTransposed, dh)`: `dh += dz·Uᵀ`
 * for one row, the product summed over the 4·units gate columns in order from +0 and then added
 * (as the heap product and ACCUMULATE did), up to four vectors of units per pass over the columns.
 */
function backwardProductBody(units: number): number[] {
  const [DZ_ROW, REC_T, DH_ROW, K_, P_] = [0, 1, 2, 3, 4] as const;
  const D = 5;
  const ACC = [6, 7, 8, 9] as const;
  const unitBytes = 4 * units;
  const code: number[] = [];
  for (let first = 0; first < units / 4; first += 4) {
    const vectors = Math.min(4, units / 4 - first);
    const offset = (v: number) => 16 * (first + v);
    for (let v = 0; v < vectors; v++) code.push(...op.v128Zero, ...set(ACC[v]!));
    const column: number[] = [];
    for (let step = 0; step < K_CHUNK; step++) {
      column.push(...get(DZ_ROW), ...get(K_), op.i32Add, ...op.v128Load32Splat(4 * step), ...set(D));
      for (let v = 0; v < vectors; v++) {
        column.push(...get(ACC[v]!), ...get(D), ...get(P_), ...loadAt(step * unitBytes + offset(v)), ...mul, ...add, ...set(ACC[v]!));
      }
    }
    column.push(...addTo(P_, i32(K_CHUNK * unitBytes)));
    code.push(...get(REC_T), ...set(P_), ...countUp(K_, i32(4 * unitBytes), 4 * K_CHUNK, column));
    for (let v = 0; v < vectors; v++) code.push(...get(DH_ROW), ...get(DH_ROW), ...loadAt(offset(v)), ...get(ACC[v]!), ...add, ...storeAt(offset(v)));
  }
  code.push(op.end);
  const locals = [2, 2, 0x7f, 5, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the backward step module for `units` units (a multiple of 4), exporting `run` ({@link LstmBackwardStepRunner}). */
export function lstmBackwardStepModuleBytes(units: number, shared: boolean): Uint8Array<ArrayBuffer> {
  const run = { parameters: new Array<number>(11).fill(0x7f), body: backwardBody(units) };
  const product = { parameters: new Array<number>(3).fill(0x7f), body: backwardProductBody(units) };
  return heapModule([run, product], shared);
}

/** How many backward steps this process ran through the module. */
export function lstmBackwardStepRuns(): number {
  return runs.backward;
}

/**
 * The backward step runner over the backend's heap for `units` units, or `undefined` where the
 * runtime has no WebAssembly SIMD, the unit count is not a multiple of 4 or
 * {@link withoutLstmStepModule} is running. Kernels report the steps they ran with {@link countLstmSteps}.
 */
export function lstmBackwardStepRunner(backend: BackendWasm, units: number): LstmBackwardStepRunner | undefined {
  if (units % 4 !== 0 || units === 0) return undefined;
  return heapRunner<LstmBackwardStepRunner>(backend, `${LSTM_STEP_KINDS}backward-step-${units}`, (shared) => lstmBackwardStepModuleBytes(units, shared));
}
