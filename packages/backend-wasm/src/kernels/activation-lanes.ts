import { HEAP_OP, heapFunctionModule, localGet as get, localSet as set, uleb } from './heap-module.js';

// Instruction sequences for float32 tanh, sigmoid and e^v four lanes at a time, for the modules
// that compute activations inside a larger loop (tanh-simd.ts, lstm-step-simd.ts). They are
// built from + − × ÷, comparisons and exponent-bit arithmetic only (no FMA), as
// @keras-ts/backend-native's `tanhOf` (native/activations.h) is, so 'wasm' and 'native' compute
// the same tanh bits; that function's exhaustive check bounds its error at 1.51 ulp of the
// correctly rounded result. Each sequence reads its operand from a v128 local, uses
// {@link ACTIVATION_SCRATCH} v128 locals from a given index, and leaves its result on the stack.

const SIMD = 0xfd;
const simdOp = (code: number) => [SIMD, ...uleb(code)];
/** The instructions these sequences (and their callers) use: {@link HEAP_OP} and the lane operations it lacks. */
export const LANE_OP = {
  ...HEAP_OP,
  v128And: simdOp(0x4e),
  v128AndNot: simdOp(0x4f),
  v128Or: simdOp(0x50),
  bitselect: simdOp(0x52),
  f32x4Ne: simdOp(0x42),
  f32x4Lt: simdOp(0x43),
  f32x4Gt: simdOp(0x44),
  f32x4Abs: simdOp(0xe0),
  f32x4Neg: simdOp(0xe1),
  f32x4Sub: simdOp(0xe5),
  f32x4Div: simdOp(0xe7),
  i32x4ShrS: simdOp(0xac),
  i32x4Shl: simdOp(0xab),
  i32x4Add: simdOp(0xae),
  i32x4Sub: simdOp(0xb1),
} as const;

/** `v128.const` of four equal 32-bit lanes with these bits. */
export function lanes(bits: number): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let lane = 0; lane < 4; lane++) view.setUint32(4 * lane, bits >>> 0, true);
  return [SIMD, 0x0c, ...bytes];
}
const floatBits = (value: number) => new Uint32Array(Float32Array.of(value).buffer)[0]!;
/** `v128.const` of four equal float32 lanes. */
export const f32Lanes = (value: number) => lanes(floatBits(value));

/** The constants of native/activations.h, as float32. */
export const ACTIVATION_CONSTANTS = {
  tiny: [-0.333333135, 0.133324519, -0.053837426, 0.021007441, -0.00617978815],
  log2e: 1.44269502,
  ln2High: 0.693145751953125,
  ln2Low: 1.42860677e-6,
  shifter: 12582912,
  exp: [0.49999994, 0.166665092, 0.0416685306, 0.0083701415, 0.00138116418],
  smallLimit: 0.5625,
} as const;
const C = ACTIVATION_CONSTANTS;

/** How many v128 scratch locals {@link tanhLanes}, {@link sigmoidLanes} and {@link expLanes} use. */
export const ACTIVATION_SCRATCH = 12;

/** Horner's rule as native writes it: c0 + v·(c1 + v·(… + v·cLast)), each step rounded. */
function horner(variable: number, coefficients: readonly number[]): number[] {
  const op = LANE_OP;
  let code = [...get(variable), ...f32Lanes(coefficients.at(-1)!), ...op.f32x4Mul];
  for (let k = coefficients.length - 2; k >= 1; k--) code = [...f32Lanes(coefficients[k]!), ...code, ...op.f32x4Add, ...get(variable), ...op.f32x4Mul];
  return [...f32Lanes(coefficients[0]!), ...code, ...op.f32x4Add];
}

/** 2^k as float32 lanes for integer lanes k (normal range), from the exponent bits: (k + 127) << 23. */
function powerOfTwo(exponent: number[]): number[] {
  return [...exponent, ...lanes(127), ...LANE_OP.i32x4Add, 0x41, 23, ...LANE_OP.i32x4Shl];
}

/**
 * e^v for lanes v ≤ 0 held in local `v` (clamped at −104, where the result is 0 in float32):
 * Cody–Waite reduction by ln 2 and a degree-6 polynomial, as native's `tanhOf` computes e^(−2|x|).
 * Uses scratch locals `scratch` … `scratch + 6`.
 */
export function expLanes(v: number, scratch: number): number[] {
  const op = LANE_OP;
  const [clamped, shifted, n, exponent, r, p, half] = [0, 1, 2, 3, 4, 5, 6].map((k) => scratch + k) as [number, number, number, number, number, number, number];
  return [
    // clamped = (v < −104) ? −104 : v
    ...f32Lanes(-104),
    ...get(v),
    ...get(v),
    ...f32Lanes(-104),
    ...op.f32x4Lt,
    ...op.bitselect,
    ...set(clamped),
    // shifted = clamped·log2e + shifter; n = shifted − shifter; exponent = bits(shifted) − bits(shifter)
    ...get(clamped),
    ...f32Lanes(C.log2e),
    ...op.f32x4Mul,
    ...f32Lanes(C.shifter),
    ...op.f32x4Add,
    ...set(shifted),
    ...get(shifted),
    ...f32Lanes(C.shifter),
    ...op.f32x4Sub,
    ...set(n),
    ...get(shifted),
    ...f32Lanes(C.shifter),
    ...op.i32x4Sub,
    ...set(exponent),
    // r = (clamped − n·ln2High) − n·ln2Low
    ...get(clamped),
    ...get(n),
    ...f32Lanes(C.ln2High),
    ...op.f32x4Mul,
    ...op.f32x4Sub,
    ...get(n),
    ...f32Lanes(C.ln2Low),
    ...op.f32x4Mul,
    ...op.f32x4Sub,
    ...set(r),
    // p = 1 + (r + (r·r)·Q(r))
    ...f32Lanes(1),
    ...get(r),
    ...get(r),
    ...get(r),
    ...op.f32x4Mul,
    ...horner(r, C.exp),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.f32x4Add,
    ...set(p),
    // half = exponent >> 1; e = (p·2^half)·2^(exponent − half)
    ...get(exponent),
    0x41,
    1,
    ...op.i32x4ShrS,
    ...set(half),
    ...get(p),
    ...powerOfTwo(get(half)),
    ...op.f32x4Mul,
    ...powerOfTwo([...get(exponent), ...get(half), ...op.i32x4Sub]),
    ...op.f32x4Mul,
  ];
}

/**
 * tanh of the lanes in local `x`, the algorithm of native's `tanhOf`: `a + a·(s·P(s))` (s = a²)
 * below |x| = 0.5625, else `1 − 2e/(1 + e)` with e = e^(−2|x|), the sign put back.
 */
export function tanhLanes(x: number, scratch: number): number[] {
  const op = LANE_OP;
  const [sign, a, s, small, minusTwoA, e] = [7, 8, 9, 10, 11, 0].map((k) => scratch + k) as [number, number, number, number, number, number];
  return [
    // sign = x & 0x80000000; a = x & 0x7fffffff; s = a·a
    ...get(x),
    ...lanes(0x80000000),
    ...op.v128And,
    ...set(sign),
    ...get(x),
    ...lanes(0x7fffffff),
    ...op.v128And,
    ...set(a),
    ...get(a),
    ...get(a),
    ...op.f32x4Mul,
    ...set(s),
    // small = a + a·(s·P(s))
    ...get(a),
    ...get(a),
    ...get(s),
    ...horner(s, C.tiny),
    ...op.f32x4Mul,
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...set(small),
    // e = e^(−2a)
    ...f32Lanes(-2),
    ...get(a),
    ...op.f32x4Mul,
    ...set(minusTwoA),
    ...expLanes(minusTwoA, scratch),
    ...set(e),
    // large = 1 − (e + e)/(1 + e); magnitude = a < 0.5625 ? small : large; result = magnitude | sign
    ...get(small),
    ...f32Lanes(1),
    ...get(e),
    ...get(e),
    ...op.f32x4Add,
    ...f32Lanes(1),
    ...get(e),
    ...op.f32x4Add,
    ...op.f32x4Div,
    ...op.f32x4Sub,
    ...get(a),
    ...f32Lanes(C.smallLimit),
    ...op.f32x4Lt,
    ...op.bitselect,
    ...get(sign),
    ...op.v128Or,
  ];
}

/**
 * The logistic sigmoid of the lanes in local `x`: with e = e^(−|x|), `1/(1 + e)` for x ≥ 0 and
 * `e/(1 + e)` below 0 (never e^x of a large x, so nothing overflows). About 2 ulp: e^(−|x|)'s
 * error and two roundings. NaN stays NaN.
 */
export function sigmoidLanes(x: number, scratch: number): number[] {
  const op = LANE_OP;
  const [minusA, e] = [7, 8].map((k) => scratch + k) as [number, number];
  return [
    // minusA = −|x| = x | 0x80000000
    ...get(x),
    ...lanes(0x80000000),
    ...op.v128Or,
    ...set(minusA),
    ...expLanes(minusA, scratch),
    ...set(e),
    // (x < 0 ? e : 1)/(1 + e): one division
    ...get(e),
    ...f32Lanes(1),
    ...get(x),
    ...f32Lanes(0),
    ...op.f32x4Lt,
    ...op.bitselect,
    ...f32Lanes(1),
    ...get(e),
    ...op.f32x4Add,
    ...op.f32x4Div,
  ];
}

/**
 * The bytes of a module (the heap memory imported, shared when `shared`) exporting
 * `run(source, target, bytes)`: `target[i] = activation(source[i])` over `bytes` bytes (a
 * multiple of 16) of float32, four lanes at a time, for an activation of this file.
 */
export function mapLanesModuleBytes(activation: (x: number, scratch: number) => number[], shared: boolean): Uint8Array<ArrayBuffer> {
  // Parameters (source, target, byte count), then the i32 index, then v128 locals: x and the scratch.
  const [source, target, bytes, index, x] = [0, 1, 2, 3, 4] as const;
  const code = [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop
    ...[...get(index), ...get(bytes), 0x4f, 0x0d, 1], // index >= bytes → leave
    ...[...get(source), ...get(index), 0x6a, ...LANE_OP.v128Load(0), ...set(x)],
    ...[...get(target), ...get(index), 0x6a, ...activation(x, x + 1), ...LANE_OP.v128Store(0)],
    ...[...get(index), 0x41, 16, 0x6a, ...set(index)],
    ...[0x0c, 0, 0x0b, 0x0b, 0x0b],
  ];
  const locals = [2, 1, 0x7f, 1 + ACTIVATION_SCRATCH, 0x7b];
  return heapFunctionModule([0x7f, 0x7f, 0x7f], [...uleb(locals.length + code.length), ...locals, ...code], shared);
}
