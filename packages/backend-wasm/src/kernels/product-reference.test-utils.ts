// References for the heap product's tests: every element summed over k in order, in float32, with
// the multiply and the add rounded separately or as one fused multiply-add.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { gemmFusesMultiplyAdd } from './gemm-simd.js';

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);
/** The word of `words` holding a double's lowest mantissa bits (little-endian on every platform tfjs runs on). */
const LOW = 0;

/** `c + a·b` with the product and the sum each rounded to float32 (WebAssembly's `f32x4.mul` then `f32x4.add`). */
export const separateMultiplyAdd = (c: number, a: number, b: number): number => Math.fround(c + Math.fround(a * b));

/**
 * `c + a·b` for float32 `a`, `b`, `c` rounded once to float32, as an FMA does. `a·b` is exact in a
 * double (48 significant bits); the sum is rounded to a double *to odd* (the double nearest, made
 * odd when it is inexact, from the exact error TwoSum gives), and a double rounded to odd has
 * enough extra bits (53 ≥ 24 + 2) that rounding it to float32 gives the correctly rounded result.
 */
export function fusedMultiplyAdd(c: number, a: number, b: number): number {
  const product = a * b;
  const sum = product + c;
  if (!Number.isFinite(sum)) return Math.fround(sum);
  const bPart = sum - product;
  const error = product - (sum - bPart) + (c - bPart);
  if (error === 0) return Math.fround(sum);
  f64[0] = sum;
  if ((words[LOW]! & 1) === 0) {
    // One unit in the last place toward the exact value: a larger magnitude when the error has the sum's sign.
    if (sum > 0 === error > 0) words[LOW] = words[LOW]! + 1;
    else if (words[LOW] === 0) {
      words[LOW] = 0xffff_ffff;
      words[1 - LOW] = words[1 - LOW]! - 1;
    } else words[LOW] = words[LOW]! - 1;
  }
  return Math.fround(f64[0]!);
}

/**
 * The multiply-add this backend's heap product does: fused where it runs the relaxed-SIMD build on
 * a processor with FMA (browsers, Node ≥ 22, Node 20 with V8's relaxed-SIMD flag), else separate.
 */
export const productMultiplyAdd = (backend: BackendWasm): ((c: number, a: number, b: number) => number) =>
  gemmFusesMultiplyAdd(backend) ? fusedMultiplyAdd : separateMultiplyAdd;

/**
 * `C = op(A)·B`, `A` [rows, depth] (or [depth, rows] when `transposeA`) and `B` [depth, columns],
 * each element summed from +0 over k in order with `multiplyAdd`.
 */
export function inOrderProduct(
  a: Float32Array,
  b: Float32Array,
  rows: number,
  columns: number,
  depth: number,
  transposeA: boolean,
  multiplyAdd: (c: number, a: number, b: number) => number = separateMultiplyAdd,
): Float32Array {
  const c = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < depth; k++) sum = multiplyAdd(sum, a[transposeA ? k * rows + i : i * depth + k]!, b[k * columns + j]!);
      c[i * columns + j] = sum;
    }
  }
  return c;
}

/** Whether two float32 arrays hold the same bits. */
export const sameBits = (actual: Float32Array, expected: Float32Array): boolean =>
  Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength));
