import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { InternalError } from '@keras-ts/common';
import { FLOAT32_MIN_NORMAL } from '@keras-ts/backend-kit';
import { f32Lanes, LANE_OP, lanes } from './activation-lanes.js';
import { wasmBackendThreads } from '../backend/create-backend.js';
import { heapFunctionModule, heapRunner, heapRunnerModuleOf, uleb } from './heap-module.js';
import { heapWorkers } from './heap-workers.js';

// A small compiler from a per-element float32 formula to a WebAssembly SIMD loop over the wasm
// backend's heap, four elements per iteration. The optimizer updates (RMSprop, Adam, SGD with
// momentum) are written as such formulas: each f32x4 operation is IEEE float32 arithmetic rounded
// once, so a formula written in the unfused op chain's order gives that chain's bits.

/** A float32 expression of the arrays at the current index, the scalars and earlier `let`s. */
export type SimdExpression =
  | { readonly array: number }
  | { readonly scalar: number }
  | { readonly value: string }
  | { readonly op: 'add' | 'sub' | 'mul' | 'div'; readonly left: SimdExpression; readonly right: SimdExpression }
  | { readonly op: 'sqrt'; readonly operand: SimdExpression }
  | { readonly op: 'relu'; readonly operand: { readonly value: string } }
  | { readonly op: 'step'; readonly operand: { readonly value: string } }
  | { readonly op: 'flush'; readonly operand: { readonly value: string } };

/** One step of a formula: name a value for later use, or store it into an array at the index. */
export type SimdStatement = { readonly let: string; readonly value: SimdExpression } | { readonly store: number; readonly value: SimdExpression };

/** A formula over `arrays` float32 arrays (inputs and outputs, by position) and `scalars` float32 scalars. */
export interface SimdFormula {
  readonly arrays: number;
  readonly scalars: number;
  readonly statements: readonly SimdStatement[];
}

/** Builders for {@link SimdExpression}s, so formulas read like the arithmetic they are. */
export const simd = {
  array: (index: number): SimdExpression => ({ array: index }),
  scalar: (index: number): SimdExpression => ({ scalar: index }),
  value: (name: string): SimdExpression => ({ value: name }),
  add: (left: SimdExpression, right: SimdExpression): SimdExpression => ({ op: 'add', left, right }),
  sub: (left: SimdExpression, right: SimdExpression): SimdExpression => ({ op: 'sub', left, right }),
  mul: (left: SimdExpression, right: SimdExpression): SimdExpression => ({ op: 'mul', left, right }),
  div: (left: SimdExpression, right: SimdExpression): SimdExpression => ({ op: 'div', left, right }),
  sqrt: (operand: SimdExpression): SimdExpression => ({ op: 'sqrt', operand }),
  /** `x < 0 ? 0 : x`, tfjs's relu: NaN and −0 pass through. Of a `let` value (read twice). */
  relu: (name: string): SimdExpression => ({ op: 'relu', operand: { value: name } }),
  /** `x > 0 ? 1 : 0`, NaN for NaN: tfjs's `step` (alpha 0), the relu gradient's factor. Of a `let` value. */
  step: (name: string): SimdExpression => ({ op: 'step', operand: { value: name } }),
  /**
   * `x` with its subnormal lanes (magnitude below 2^-126, not zero) made zeros of their sign, as
   * backend-kit's `flushSubnormals`: the fused optimizer updates' slots. Of a `let` value.
   */
  flush: (name: string): SimdExpression => ({ op: 'flush', operand: { value: name } }),
};

const SIMD = 0xfd;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_ADD = 0x6a;
const V128_LOAD = [SIMD, 0x00, 0x00, 0x00];
const V128_STORE = [SIMD, 0x0b, 0x00, 0x00];
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4 = { sqrt: [SIMD, 0xe3, 0x01], add: [SIMD, 0xe4, 0x01], sub: [SIMD, 0xe5, 0x01], mul: [SIMD, 0xe6, 0x01], div: [SIMD, 0xe7, 0x01] } as const;

/**
 * The function body for `formula`: parameters are the arrays' byte offsets, the byte count of a
 * row (a multiple of 16), the row count, each array's byte stride from one row to the next, then
 * the scalars; locals are the byte index in the row, the row index, each scalar splatted to f32x4,
 * and one f32x4 per `let`. The array offsets advance by their strides after each row.
 */
function formulaBody(formula: SimdFormula): number[] {
  const rowBytes = formula.arrays;
  const rowCount = rowBytes + 1;
  const firstStride = rowCount + 1;
  const firstScalar = firstStride + formula.arrays;
  const index = firstScalar + formula.scalars;
  const row = index + 1;
  const firstSplat = row + 1;
  const lets = new Map<string, number>();
  for (const statement of formula.statements) {
    if ('let' in statement) {
      if (lets.has(statement.let)) throw new InternalError(`SIMD formula: '${statement.let}' is defined twice.`);
      lets.set(statement.let, firstSplat + formula.scalars + lets.size);
    }
  }
  if (firstSplat + formula.scalars + lets.size > 127) throw new InternalError('SIMD formula: too many values for one-byte local indices.');
  const defined = new Set<string>();
  const expression = (node: SimdExpression): number[] => {
    if ('array' in node) return [LOCAL_GET, node.array, LOCAL_GET, index, I32_ADD, ...V128_LOAD];
    if ('scalar' in node) return [LOCAL_GET, firstSplat + node.scalar];
    if ('value' in node) {
      if (!defined.has(node.value)) throw new InternalError(`SIMD formula: '${node.value}' is used before it is defined.`);
      return [LOCAL_GET, lets.get(node.value)!];
    }
    if (node.op === 'sqrt') return [...expression(node.operand), ...F32X4.sqrt];
    if (node.op === 'relu') {
      // x & ~(x < 0): the negative lanes become +0; NaN (never < 0) and −0 stay as they are.
      const x = expression(node.operand);
      return [...x, ...x, ...LANE_OP.v128Zero, ...LANE_OP.f32x4Lt, ...LANE_OP.v128AndNot];
    }
    if (node.op === 'step') {
      // NaN lanes (x ≠ x) take x itself; the others 1.0 where x > 0, else +0.
      const x = expression(node.operand);
      return [...x, ...x, ...LANE_OP.v128Zero, ...LANE_OP.f32x4Gt, ...f32Lanes(1), ...LANE_OP.v128And, ...x, ...x, ...LANE_OP.f32x4Ne, ...LANE_OP.bitselect];
    }
    if (node.op === 'flush') {
      // x & ~(|x| < 2^-126 ? 0x7fffffff : 0): a subnormal lane keeps only its sign bit. Comparisons
      // and bit operations on subnormals cost no more than on normal numbers.
      const x = expression(node.operand);
      const belowNormal = [...x, ...LANE_OP.f32x4Abs, ...f32Lanes(FLOAT32_MIN_NORMAL), ...LANE_OP.f32x4Lt];
      return [...x, ...belowNormal, ...lanes(0x7fffffff), ...LANE_OP.v128And, ...LANE_OP.v128AndNot];
    }
    return [...expression(node.left), ...expression(node.right), ...F32X4[node.op]];
  };
  const statements = formula.statements.flatMap((statement) => {
    if ('let' in statement) {
      const code = [...expression(statement.value), LOCAL_SET, lets.get(statement.let)!];
      defined.add(statement.let);
      return code;
    }
    return [LOCAL_GET, statement.store, LOCAL_GET, index, I32_ADD, ...expression(statement.value), ...V128_STORE];
  });
  const advance = Array.from({ length: formula.arrays }, (_, a) => [LOCAL_GET, a, LOCAL_GET, firstStride + a, I32_ADD, LOCAL_SET, a]).flat();
  const code = [
    ...Array.from({ length: formula.scalars }, (_, k) => [LOCAL_GET, firstScalar + k, ...F32X4_SPLAT, LOCAL_SET, firstSplat + k]).flat(),
    ...[0x02, 0x40, 0x03, 0x40], // block, loop (rows)
    ...[LOCAL_GET, row, LOCAL_GET, rowCount, 0x4f, 0x0d, 1], // row >= rows → leave
    ...[0x41, 0, LOCAL_SET, index], // i = 0
    ...[0x02, 0x40, 0x03, 0x40], // block, loop (columns)
    ...[LOCAL_GET, index, LOCAL_GET, rowBytes, 0x4f, 0x0d, 1], // i >= row bytes → leave
    ...statements,
    ...[LOCAL_GET, index, 0x41, 16, I32_ADD, LOCAL_SET, index], // i += 16
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    ...advance,
    ...[LOCAL_GET, row, 0x41, 1, I32_ADD, LOCAL_SET, row], // row += 1
    ...[0x0c, 0, 0x0b, 0x0b, 0x0b], // continue; end loop, block, function
  ];
  // Locals: two i32 (the byte index, the row), then the splats and the lets as v128.
  const locals = [2, 2, 0x7f, ...uleb(formula.scalars + lets.size), 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * The bytes of a module importing `env.memory` (shared with a 4 GiB maximum when `shared`, as the
 * threaded tfjs build declares it) and exporting
 * `run(...arrayOffsets, rowBytes, rows, ...arrayStrides, ...scalars)` for `formula`.
 */
export function formulaModuleBytes(formula: SimdFormula, shared: boolean): Uint8Array<ArrayBuffer> {
  const [i32, f32] = [0x7f, 0x7d];
  const parameters = [...new Array<number>(2 * formula.arrays + 2).fill(i32), ...new Array<number>(formula.scalars).fill(f32)];
  return heapFunctionModule(parameters, formulaBody(formula), shared);
}

let formulasOn = true;
/** Per formula: its runner cache name (one module per formula object and heap), module bytes and a reused argument list. */
interface FormulaEntry {
  kind: string;
  bytes: (shared: boolean) => Uint8Array<ArrayBuffer>;
  /** `run`'s arguments, filled in place before each call: a run allocates nothing. */
  args: number[];
}
const entries = new WeakMap<SimdFormula, FormulaEntry>();

function entryOf(formula: SimdFormula): FormulaEntry {
  let entry = entries.get(formula);
  if (entry === undefined) {
    entry = {
      kind: `formula-${runnerCount++}`,
      bytes: (shared) => formulaModuleBytes(formula, shared),
      args: new Array<number>(2 * formula.arrays + 2 + formula.scalars).fill(0),
    };
    entries.set(formula, entry);
  }
  return entry;
}
let runnerCount = 0;
let runs = 0;

/**
 * Runs `body` with the SIMD formulas switched off, so every caller takes its JavaScript path: for
 * tests that check the two give the same bits.
 */
export function withoutSimdFormulas<T>(body: () => T): T {
  const saved = formulasOn;
  formulasOn = false;
  try {
    return body();
  } finally {
    formulasOn = saved;
  }
}

/** How many formula runs this process made (tests check the SIMD path was taken). */
export function simdFormulaRuns(): number {
  return runs;
}

/** `run(...arrayByteOffsets, rowBytes, rows, ...arrayByteStrides, ...scalars)` of a formula module. */
export type FormulaRunner = (...parameters: number[]) => void;

/**
 * Elements from which {@link runFormulaOnHeap} shares a formula's elements with the heap helpers
 * (in Node): the optimizer updates of large weights, memory-bound loops that two cores stream
 * faster than one. Measured alternating in one process on a 2-core VM: the 512-unit MLP's
 * training step (RMSprop over 401,408 and 262,144 weights) 0.96–0.97× the time from 2^16 or 2^17
 * elements, QA's (RMSprop, two 640,000-weight embeddings) 0.97×.
 */
const MIN_BANDED_ELEMENTS = 2 ** 17;

/**
 * Runs `formula` over the first `count - count mod 4` elements of `arrays` (float32 views of the
 * backend's heap, all at least `count` long) with WebAssembly SIMD, and returns how many elements
 * it ran: 0 where the heap memory is not reachable or the runtime has no WebAssembly SIMD. The
 * caller computes the rest in JavaScript. From {@link MIN_BANDED_ELEMENTS} elements the heap
 * helpers (Node) take bands of them; each element's arithmetic is the same on any thread.
 */
export function runFormulaOnHeap(backend: BackendWasm, formula: SimdFormula, arrays: readonly Float32Array[], scalars: readonly number[]): number {
  const count = arrays[0]?.length ?? 0;
  const vectorised = count - (count % 4);
  if (vectorised === 0 || !formulasOn) return 0;
  const entry = entryOf(formula);
  const run = heapRunner<FormulaRunner>(backend, entry.kind, entry.bytes);
  if (run === undefined) return 0;
  const { args } = entry;
  const n = arrays.length;
  for (let i = 0; i < n; i++) {
    args[i] = arrays[i]!.byteOffset;
    args[n + 2 + i] = 0;
  }
  args[n] = vectorised * 4;
  args[n + 1] = 1;
  for (let i = 0; i < scalars.length; i++) args[2 * n + 2 + i] = scalars[i]!;
  const helpers = heapWorkers();
  const bands = helpers === undefined || vectorised < MIN_BANDED_ELEMENTS ? 1 : Math.min(1 + helpers.count, wasmBackendThreads());
  if (bands === 1) {
    run.apply(undefined, args);
  } else {
    // Bands of a multiple of 16 elements (64 bytes), one per thread; every element's arithmetic is the same.
    const band = (index: number): number[] => {
      const start = 16 * Math.floor((index * vectorised) / (16 * bands));
      const end = index === bands - 1 ? vectorised : 16 * Math.floor(((index + 1) * vectorised) / (16 * bands));
      const bandArgs = args.slice();
      for (let i = 0; i < n; i++) bandArgs[i] = args[i]! + 4 * start;
      bandArgs[n] = 4 * (end - start);
      return bandArgs;
    };
    const parts = Array.from({ length: bands - 1 }, (_, i) => ({ args: band(i + 1), steps: [], calls: 1 }));
    helpers!.runCalls(heapRunnerModuleOf(run)!, parts, () => run.apply(undefined, band(0)), vectorised);
  }
  runs++;
  return vectorised;
}

/** Where one array of a row-wise formula starts on the heap and how far apart its rows are, in elements. */
export interface HeapRows {
  /** A float32 view of the backend's heap (its byteOffset locates the data). */
  readonly view: Float32Array;
  /** Element offset of the first row's first element within `view`. */
  readonly at: number;
  /** Elements from one row's start to the next one's. */
  readonly stride: number;
}

/**
 * Runs `formula` over `rows` rows of `columns` elements (a multiple of 4) of each array, each
 * array laid out as its {@link HeapRows} says, with WebAssembly SIMD. Returns false, having done
 * nothing, where `columns` is not a multiple of 4, the heap memory is not reachable or the runtime
 * has no WebAssembly SIMD: the caller then computes it in JavaScript.
 */
export function runFormulaOnRows(
  backend: BackendWasm,
  formula: SimdFormula,
  arrays: readonly HeapRows[],
  columns: number,
  rows: number,
  scalars: readonly number[],
): boolean {
  if (!formulasOn || columns % 4 !== 0 || columns === 0 || arrays.length !== formula.arrays || scalars.length !== formula.scalars) return false;
  const entry = entryOf(formula);
  const run = heapRunner<FormulaRunner>(backend, entry.kind, entry.bytes);
  if (run === undefined) return false;
  if (rows > 0) {
    const { args } = entry;
    const n = arrays.length;
    for (let i = 0; i < n; i++) {
      const { view, at, stride } = arrays[i]!;
      args[i] = view.byteOffset + 4 * at;
      args[n + 2 + i] = 4 * stride;
    }
    args[n] = columns * 4;
    args[n + 1] = rows;
    for (let i = 0; i < scalars.length; i++) args[2 * n + 2 + i] = scalars[i]!;
    run.apply(undefined, args);
    runs++;
  }
  return true;
}
