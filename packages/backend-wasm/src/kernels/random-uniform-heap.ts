import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { AleaState } from '@keras-ts/backend-kit';
import { heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// tf.randomUniform's generator (Alea) straight into the heap. Every double of Alea's step
// t = 2091639·s0 + c·2^-32 is exact: the fractions sit on the 2^-32 grid and the carry stays below
// 2,091,640, so with S = s·2^32 the step is the integer multiply-with-carry T = 2091639·S0 + c,
// c ← T >> 32, S2 ← T mod 2^32 (T < 2^53). In i64 arithmetic the chain from one draw to the next
// is an add and a shift, where the double form waits on a multiply-add and a float-to-int
// conversion per draw. Each value is then minval + range·(S2·2^-32) in double, rounded once to
// float32 — the numbers JavaScript computes, so the same bits.

/** `run(out, count, c, s0, s1, s2, minval, range)`: the float32 output's byte offset, the state as 32-bit words, the mapping in double. */
export type RandomUniformRunner = (out: number, count: number, c: number, s0: number, s1: number, s2: number, minval: number, range: number) => void;
/** `run(out, count, c, s0, s1, s2, keep)`: as {@link RandomUniformRunner}, mapping each draw to tf.dropout's multiplier for float32 `keep`. */
export type DropoutMaskRunner = (out: number, count: number, c: number, s0: number, s1: number, s2: number, keep: number) => void;

const [OUT, COUNT, C, S0, S1, S2] = [0, 1, 2, 3, 4, 5] as const;
const i64u = (local: number) => [...get(local), 0xad]; // i64.extend_i32_u

/** `value` as signed LEB128 (i64.const's immediate). */
function sleb(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    const done = (rest === 0n && (low & 0x40) === 0) || (rest === -1n && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

const f64Const = (value: number) => [0x44, ...new Uint8Array(new Float64Array([value]).buffer)];

/**
 * The generator loop; `mask`: store tf.dropout's multiplier ⌊u + keep⌋ / keep (float32 keep in
 * parameter 6) instead of minval + range·u (doubles in parameters 6 and 7).
 */
function body(mask: boolean): number[] {
  const first = mask ? 7 : 8; // the first local after the parameters
  const [I, CARRY, A, B, D, T] = [first, first + 1, first + 2, first + 3, first + 4, first + 5];
  const [MINVAL, RANGE, KEEP] = [6, 7, 6];
  const draw = [...get(D), 0xba, ...f64Const(2 ** -32), 0xa2]; // d·2^-32 in double (exact)
  const value = mask
    ? // float32: ⌊fround(d·2^-32) + keep⌋ / keep, as tfjs's Add, Floor and RealDiv compute it
      [...draw, 0xb6, ...get(KEEP), 0x92, 0x8e, ...get(KEEP), 0x95]
    : // float32(minval + range·(d·2^-32))
      [...get(MINVAL), ...get(RANGE), ...draw, 0xa2, 0xa0, 0xb6];
  const code = [
    ...[...i64u(C), ...set(CARRY), ...i64u(S0), ...set(A), ...i64u(S1), ...set(B), ...i64u(S2), ...set(D)],
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over values
    ...[...get(I), ...get(COUNT), 0x4f, 0x0d, 1], // i >= count → leave
    ...[0x42, ...sleb(2091639n), ...get(A), 0x7e, ...get(CARRY), 0x7c, ...set(T)], // T = 2091639·a + carry
    ...[...get(T), 0x42, 32, 0x88, ...set(CARRY)], // carry = T >> 32
    ...[...get(B), ...set(A), ...get(D), ...set(B)],
    ...[...get(T), 0x42, ...sleb(0xffffffffn), 0x83, ...set(D)], // d = T mod 2^32
    ...[...get(OUT), ...get(I), 0x41, 2, 0x74, 0x6a, ...value, 0x38, 2, 0], // out[i] = value
    ...[...get(I), 0x41, 1, 0x6a, ...set(I)],
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    0x0b,
  ];
  const locals = [2, 1, 0x7f, 5, 0x7e]; // i: i32; carry, a, b, d, t: i64
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link RandomUniformRunner}). */
export function randomUniformModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule([0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7c, 0x7c], body(false), shared);
}

/** The bytes of the dropout-mask module exporting `run` ({@link DropoutMaskRunner}). */
export function dropoutMaskModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule([0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7d], body(true), shared);
}

/** The module kinds, for {@link heapRunner} (and `withoutHeapRunner` in tests). */
export const RANDOM_UNIFORM = 'random-uniform';
/** See {@link RANDOM_UNIFORM}. */
export const DROPOUT_MASK = 'dropout-mask';

/** Whether `value` is a fraction on Alea's 2^-32 grid in [0, 1). */
const onGrid = (value: number) => value >= 0 && value < 1 && Number.isInteger(value * 2 ** 32);
/** Whether Alea reaches `state` from a seed (so its words are exact 32-bit integers). */
const reachable = ({ c, s0, s1, s2 }: AleaState) => Number.isInteger(c) && c >= 0 && c < 2091640 && onGrid(s0) && onGrid(s1) && onGrid(s2);
/** The state as the modules take it: the carry and the three words as 32-bit integers. */
const words = ({ c, s0, s1, s2 }: AleaState): [number, number, number, number] => [c, s0 * 2 ** 32, s1 * 2 ** 32, s2 * 2 ** 32];

/**
 * Writes the draws of `state` mapped to [minval, maxval) into the heap's float32s at byte offset
 * `out` with the module, and returns true; false (nothing written) where the runtime refuses the
 * module or the state is not one Alea reaches from a seed (then the caller draws in JavaScript).
 */
export function randomUniformOnHeap(backend: BackendWasm, out: number, count: number, state: AleaState, minval: number, maxval: number): boolean {
  const run = reachable(state) && heapRunner<RandomUniformRunner>(backend, RANDOM_UNIFORM, randomUniformModuleBytes);
  if (!run) return false;
  run(out, count, ...words(state), minval, maxval - minval);
  return true;
}

/**
 * Writes tf.dropout's multiplier for `rate` from the draws of `state` into the heap's float32s at
 * byte offset `out`, as {@link randomUniformOnHeap} draws them; false (nothing written) where the
 * runtime refuses the module or the state is not one Alea reaches.
 */
export function dropoutMaskOnHeap(backend: BackendWasm, out: number, count: number, state: AleaState, rate: number): boolean {
  const run = reachable(state) && heapRunner<DropoutMaskRunner>(backend, DROPOUT_MASK, dropoutMaskModuleBytes);
  if (!run) return false;
  run(out, count, ...words(state), Math.fround(1 - rate));
  return true;
}
