import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, uleb } from './heap-module.js';

/**
 * Clamps `bytes` bytes (a multiple of 16) of float32 data at byte offset `source` of the wasm heap
 * into `target`: `min(max(x, low), high)` with WebAssembly's `f32x4.max` / `f32x4.min`, which
 * return NaN when an operand is NaN (of either sign), unlike XNNPACK's select-based clamps.
 */
export type ClampSimdRunner = (source: number, target: number, bytes: number, low: number, high: number) => void;

const SIMD = 0xfd;
// Parameters, then locals: the byte index and the two splatted bounds.
const [SOURCE, TARGET, BYTES, LOW, HIGH, I, LOW4, HIGH4] = [0, 1, 2, 3, 4, 5, 6, 7] as const;

function body(): number[] {
  const get = (index: number) => [0x20, index];
  const set = (index: number) => [0x21, index];
  const code = [
    ...get(LOW),
    SIMD,
    0x13,
    ...set(LOW4),
    ...get(HIGH),
    SIMD,
    0x13,
    ...set(HIGH4),
    0x02,
    0x40, // block
    0x03,
    0x40, // loop
    ...get(I),
    ...get(BYTES),
    0x4f,
    0x0d,
    1, // i >= bytes → leave
    ...get(TARGET),
    ...get(I),
    0x6a,
    ...get(SOURCE),
    ...get(I),
    0x6a,
    SIMD,
    0x00,
    0x00,
    0x00, // v128.load
    ...get(LOW4),
    SIMD,
    0xe9,
    0x01, // f32x4.max
    ...get(HIGH4),
    SIMD,
    0xe8,
    0x01, // f32x4.min
    SIMD,
    0x0b,
    0x00,
    0x00, // v128.store
    ...get(I),
    0x41,
    16,
    0x6a,
    ...set(I),
    0x0c,
    0, // continue
    0x0b,
    0x0b,
    0x0b,
  ];
  const locals = [2, 1, 0x7f, 2, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of a module importing `env.memory` (shared when `shared`) and exporting `run` ({@link ClampSimdRunner}). */
export function clampSimdModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const [i32, f32] = [0x7f, 0x7d];
  return heapFunctionModule([i32, i32, i32, f32, f32], body(), shared);
}

/** A SIMD clamp over the backend's heap, or `undefined` where that is not possible (callers use JS). */
function clampSimdRunner(backend: BackendWasm): ClampSimdRunner | undefined {
  return heapRunner<ClampSimdRunner>(backend, 'clamp', clampSimdModuleBytes);
}

/**
 * `target[i] = min(max(source[i], low), high)` for float32 views of the backend's heap, NaN kept:
 * groups of four in the SIMD module, the rest (and runtimes without SIMD) in JS, whose
 * comparisons are false for NaN.
 */
export function clampOnHeap(backend: BackendWasm, source: Float32Array, target: Float32Array, low: number, high: number): void {
  const simd = clampSimdRunner(backend);
  const vectorised = simd === undefined ? 0 : target.length - (target.length % 4);
  if (simd !== undefined && vectorised > 0) simd(source.byteOffset, target.byteOffset, vectorised * 4, low, high);
  for (let i = vectorised; i < target.length; i++) {
    const value = source[i]!;
    target[i] = value < low ? low : value > high ? high : value;
  }
}
