import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, uleb } from './heap-module.js';

/**
 * Runs the RMSprop update over `bytes` bytes (a multiple of 16) of float32 data in the wasm heap:
 * arguments are byte offsets of `w`, `v`, `g`, the new velocity and the new variable, then the
 * byte count, `rho`, `1 − rho`, `epsilon` and the learning rate.
 */
export type RMSpropSimdRunner = (
  variable: number,
  velocity: number,
  gradient: number,
  newVelocity: number,
  newVariable: number,
  bytes: number,
  rho: number,
  oneMinusRho: number,
  epsilon: number,
  learningRate: number,
) => void;

const SIMD = 0xfd;
const op = {
  localGet: 0x20,
  localSet: 0x21,
  i32Add: 0x6a,
  i32GeU: 0x4f,
  i32Const: 0x41,
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  br: 0x0c,
  end: 0x0b,
  // SIMD opcodes follow the 0xfd prefix as unsigned LEB128.
  v128Load: [SIMD, 0x00, 0x00, 0x00],
  v128Store: [SIMD, 0x0b, 0x00, 0x00],
  f32x4Splat: [SIMD, 0x13],
  f32x4Sqrt: [SIMD, 0xe3, 0x01],
  f32x4Add: [SIMD, 0xe4, 0x01],
  f32x4Sub: [SIMD, 0xe5, 0x01],
  f32x4Mul: [SIMD, 0xe6, 0x01],
  f32x4Div: [SIMD, 0xe7, 0x01],
} as const;

// Parameter and local indices of the function body below.
const [W, V, G, OUT_V, OUT_W, BYTES, RHO, ONE_MINUS_RHO, EPSILON, RATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const I = 10;
const [RHO4, ONE_MINUS_RHO4, EPSILON4, RATE4, G4, NEW_V4] = [11, 12, 13, 14, 15, 16] as const;

function get(index: number): number[] {
  return [op.localGet, index];
}
function set(index: number): number[] {
  return [op.localSet, index];
}
/** Loads the four floats at `base + i`. */
function load(base: number): number[] {
  return [...get(base), ...get(I), op.i32Add, ...op.v128Load];
}

/**
 * The function body. Each f32x4 operation is IEEE float32 arithmetic, rounded once, in the same
 * order as the unfused op chain: `v' = v·rho + (g·g)·(1 − rho)`, `w' = w − (g·lr) / sqrt(v' + ε)`.
 */
function body(): number[] {
  const code = [
    ...[RHO, ONE_MINUS_RHO, EPSILON, RATE].flatMap((scalar, k) => [...get(scalar), ...op.f32x4Splat, ...set(RHO4 + k)]),
    op.block,
    0x40,
    op.loop,
    0x40,
    ...get(I),
    ...get(BYTES),
    op.i32GeU,
    op.brIf,
    1,
    ...load(G),
    ...set(G4),
    ...load(V),
    ...get(RHO4),
    ...op.f32x4Mul,
    ...get(G4),
    ...get(G4),
    ...op.f32x4Mul,
    ...get(ONE_MINUS_RHO4),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...set(NEW_V4),
    ...get(OUT_V),
    ...get(I),
    op.i32Add,
    ...get(NEW_V4),
    ...op.v128Store,
    ...get(OUT_W),
    ...get(I),
    op.i32Add,
    ...load(W),
    ...get(G4),
    ...get(RATE4),
    ...op.f32x4Mul,
    ...get(NEW_V4),
    ...get(EPSILON4),
    ...op.f32x4Add,
    ...op.f32x4Sqrt,
    ...op.f32x4Div,
    ...op.f32x4Sub,
    ...op.v128Store,
    ...get(I),
    op.i32Const,
    16,
    op.i32Add,
    ...set(I),
    op.br,
    0,
    op.end,
    op.end,
    op.end,
  ];
  // Locals: one i32 (the byte index), six v128.
  const locals = [2, 1, 0x7f, 6, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * The bytes of a module importing `env.memory` (shared with a 4 GiB maximum when `shared`, as
 * the threaded tfjs build declares it) and exporting `run` ({@link RMSpropSimdRunner}).
 */
export function rmspropSimdModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const [i32, f32] = [0x7f, 0x7d];
  return heapFunctionModule([i32, i32, i32, i32, i32, i32, f32, f32, f32, f32], body(), shared);
}

/**
 * A SIMD RMSprop runner over the backend's heap, or `undefined` where the heap memory is not
 * reachable or the runtime rejects the module (no WebAssembly SIMD); callers then use JS.
 */
export function rmspropSimdRunner(backend: BackendWasm): RMSpropSimdRunner | undefined {
  return heapRunner<RMSpropSimdRunner>(backend, 'rmsprop', rmspropSimdModuleBytes);
}
