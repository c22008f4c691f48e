import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// Float32 tanh four lanes at a time. tfjs-backend-wasm's Tanh is a scalar libm call per element
// (≈ 10 ns), the largest single cost of the recurrent layers' steps on 'wasm'. This is the
// algorithm of @keras-ts/backend-native's `tanhOf` (native/activations.h: built from + − × ÷,
// comparisons and exponent-bit arithmetic only, no FMA) written as WebAssembly SIMD, so 'wasm' and
// 'native' compute the same bits; that function's exhaustive check bounds the error at 1.51 ulp of
// the correctly rounded result. `tanhScalar` below is the same steps in JavaScript, for the last
// `n mod 4` elements and runtimes without SIMD.

const SIMD = 0xfd;
const simdOp = (code: number) => [SIMD, ...uleb(code)];
const OP = {
  v128Load: [SIMD, 0x00, 2, 0],
  v128Store: [SIMD, 0x0b, 2, 0],
  v128And: simdOp(0x4e),
  v128Or: simdOp(0x50),
  bitselect: simdOp(0x52),
  f32x4Lt: simdOp(0x43),
  f32x4Add: simdOp(0xe4),
  f32x4Sub: simdOp(0xe5),
  f32x4Mul: simdOp(0xe6),
  f32x4Div: simdOp(0xe7),
  i32x4ShrS: simdOp(0xac),
  i32x4Shl: simdOp(0xab),
  i32x4Add: simdOp(0xae),
  i32x4Sub: simdOp(0xb1),
} as const;

/** `v128.const` of four equal 32-bit lanes with these bits. */
function lanes(bits: number): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let lane = 0; lane < 4; lane++) view.setUint32(4 * lane, bits >>> 0, true);
  return [SIMD, 0x0c, ...bytes];
}
const floatBits = (value: number) => new Uint32Array(Float32Array.of(value).buffer)[0]!;
const f32 = (value: number) => lanes(floatBits(value));

// The constants of native/activations.h, as float32.
const C = {
  tiny: [-0.333333135, 0.133324519, -0.053837426, 0.021007441, -0.00617978815],
  log2e: 1.44269502,
  ln2High: 0.693145751953125,
  ln2Low: 1.42860677e-6,
  shifter: 12582912,
  exp: [0.49999994, 0.166665092, 0.0416685306, 0.0083701415, 0.00138116418],
  smallLimit: 0.5625,
} as const;

// Parameters (source, target, byte count), then i32 index, then v128 locals.
const [SOURCE, TARGET, BYTES, I] = [0, 1, 2, 3] as const;
const [X, SIGN, A, S, SMALL, CLAMPED, SHIFTED, N, EXPONENT, R, P, HALF, E] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as const;
const V128_LOCALS = 13;

/** Horner's rule as native writes it: c0 + v·(c1 + v·(… + v·cLast)), each step rounded. */
function horner(variable: number, coefficients: readonly number[]): number[] {
  let code = [...get(variable), ...f32(coefficients.at(-1)!), ...OP.f32x4Mul];
  for (let k = coefficients.length - 2; k >= 1; k--) code = [...f32(coefficients[k]!), ...code, ...OP.f32x4Add, ...get(variable), ...OP.f32x4Mul];
  return [...f32(coefficients[0]!), ...code, ...OP.f32x4Add];
}

/** 2^k as float32 lanes for integer lanes k (normal range), from the exponent bits: (k + 127) << 23. */
function powerOfTwo(exponent: number[]): number[] {
  return [...exponent, ...lanes(127), ...OP.i32x4Add, 0x41, 23, ...OP.i32x4Shl];
}

function body(): number[] {
  const tanhOfX = [
    // sign = x & 0x80000000; a = x & 0x7fffffff; s = a·a
    ...get(X),
    ...lanes(0x80000000),
    ...OP.v128And,
    ...set(SIGN),
    ...get(X),
    ...lanes(0x7fffffff),
    ...OP.v128And,
    ...set(A),
    ...get(A),
    ...get(A),
    ...OP.f32x4Mul,
    ...set(S),
    // small = a + a·(s·P(s))
    ...get(A),
    ...get(A),
    ...get(S),
    ...horner(S, C.tiny),
    ...OP.f32x4Mul,
    ...OP.f32x4Mul,
    ...OP.f32x4Add,
    ...set(SMALL),
    // e = e^(−2a): clamped = (−2a < −104) ? −104 : −2a
    ...f32(-2),
    ...get(A),
    ...OP.f32x4Mul,
    ...set(CLAMPED),
    ...f32(-104),
    ...get(CLAMPED),
    ...get(CLAMPED),
    ...f32(-104),
    ...OP.f32x4Lt,
    ...OP.bitselect,
    ...set(CLAMPED),
    // shifted = clamped·log2e + shifter; n = shifted − shifter; exponent = bits(shifted) − bits(shifter)
    ...get(CLAMPED),
    ...f32(C.log2e),
    ...OP.f32x4Mul,
    ...f32(C.shifter),
    ...OP.f32x4Add,
    ...set(SHIFTED),
    ...get(SHIFTED),
    ...f32(C.shifter),
    ...OP.f32x4Sub,
    ...set(N),
    ...get(SHIFTED),
    ...f32(C.shifter),
    ...OP.i32x4Sub,
    ...set(EXPONENT),
    // r = (clamped − n·ln2High) − n·ln2Low
    ...get(CLAMPED),
    ...get(N),
    ...f32(C.ln2High),
    ...OP.f32x4Mul,
    ...OP.f32x4Sub,
    ...get(N),
    ...f32(C.ln2Low),
    ...OP.f32x4Mul,
    ...OP.f32x4Sub,
    ...set(R),
    // p = 1 + (r + (r·r)·Q(r))
    ...f32(1),
    ...get(R),
    ...get(R),
    ...get(R),
    ...OP.f32x4Mul,
    ...horner(R, C.exp),
    ...OP.f32x4Mul,
    ...OP.f32x4Add,
    ...OP.f32x4Add,
    ...set(P),
    // half = exponent >> 1; e = (p·2^half)·2^(exponent − half)
    ...get(EXPONENT),
    0x41,
    1,
    ...OP.i32x4ShrS,
    ...set(HALF),
    ...get(P),
    ...powerOfTwo(get(HALF)),
    ...OP.f32x4Mul,
    ...powerOfTwo([...get(EXPONENT), ...get(HALF), ...OP.i32x4Sub]),
    ...OP.f32x4Mul,
    ...set(E),
    // large = 1 − (e + e)/(1 + e); magnitude = a < 0.5625 ? small : large; result = magnitude | sign
    ...get(SMALL),
    ...f32(1),
    ...get(E),
    ...get(E),
    ...OP.f32x4Add,
    ...f32(1),
    ...get(E),
    ...OP.f32x4Add,
    ...OP.f32x4Div,
    ...OP.f32x4Sub,
    ...get(A),
    ...f32(C.smallLimit),
    ...OP.f32x4Lt,
    ...OP.bitselect,
    ...get(SIGN),
    ...OP.v128Or,
  ];
  const code = [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop
    ...[...get(I), ...get(BYTES), 0x4f, 0x0d, 1], // i >= bytes → leave
    ...[...get(SOURCE), ...get(I), 0x6a, ...OP.v128Load, ...set(X)],
    ...[...get(TARGET), ...get(I), 0x6a, ...tanhOfX, ...OP.v128Store],
    ...[...get(I), 0x41, 16, 0x6a, ...set(I)],
    ...[0x0c, 0, 0x0b, 0x0b, 0x0b],
  ];
  const locals = [2, 1, 0x7f, V128_LOCALS, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run(source, target, bytes)`. */
export function tanhModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule([0x7f, 0x7f, 0x7f], body(), shared);
}

const scratch = new DataView(new ArrayBuffer(4));
const bitsOf = (value: number) => {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
};
const fromBits = (bits: number) => {
  scratch.setUint32(0, bits >>> 0, true);
  return scratch.getFloat32(0, true);
};
const f = Math.fround;

/** The same steps for one float32 value in JavaScript: the same bits as the SIMD lanes. */
export function tanhScalar(x: number): number {
  const sign = bitsOf(x) & 0x80000000;
  const a = fromBits(bitsOf(x) & 0x7fffffff);
  const s = f(a * a);
  let polynomial = f(s * C.tiny[4]);
  for (let k = 3; k >= 1; k--) polynomial = f(s * f(f(C.tiny[k]!) + polynomial));
  polynomial = f(f(C.tiny[0]) + polynomial);
  const small = f(a + f(a * f(s * polynomial)));
  const minusTwoA = f(-2 * a);
  const clamped = minusTwoA < -104 ? -104 : minusTwoA;
  const shifted = f(f(clamped * f(C.log2e)) + C.shifter);
  const n = f(shifted - C.shifter);
  const exponent = (bitsOf(shifted) - bitsOf(C.shifter)) | 0;
  const r = f(f(clamped - f(n * f(C.ln2High))) - f(n * f(C.ln2Low)));
  let q = f(r * f(C.exp[4]));
  for (let k = 3; k >= 1; k--) q = f(r * f(f(C.exp[k]!) + q));
  q = f(f(C.exp[0]) + q);
  const p = f(1 + f(r + f(f(r * r) * q)));
  const half = exponent >> 1;
  const e = f(f(p * fromBits((half + 127) << 23)) * fromBits((exponent - half + 127) << 23));
  const large = f(1 - f(f(e + e) / f(1 + e)));
  // NaN fails a < 0.5625 and takes `large`, which is NaN.
  const magnitude = a < C.smallLimit ? small : large;
  return fromBits(bitsOf(magnitude) | sign);
}

/**
 * `target[i] = tanh(source[i])` for float32 views of the backend's heap (they may be the same
 * array): groups of four with WebAssembly SIMD, the rest (everything, without SIMD) by {@link tanhScalar}.
 */
export function tanhOnHeap(backend: BackendWasm, source: Float32Array, target: Float32Array): void {
  const run = heapRunner<(source: number, target: number, bytes: number) => void>(backend, 'tanh', tanhModuleBytes);
  const vectorised = run === undefined ? 0 : source.length - (source.length % 4);
  if (vectorised > 0) run!(source.byteOffset, target.byteOffset, 4 * vectorised);
  for (let i = vectorised; i < source.length; i++) target[i] = tanhScalar(source[i]!);
}
