import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ACTIVATION_CONSTANTS as C, mapLanesModuleBytes, tanhLanes } from './activation-lanes.js';
import { heapRunner } from './heap-module.js';

// Float32 tanh four lanes at a time. tfjs-backend-wasm's Tanh is a scalar libm call per element
// (≈ 10 ns), the largest single cost of the recurrent layers' steps on 'wasm'. This is the
// algorithm of @keras-ts/backend-native's `tanhOf` (activation-lanes.ts has its SIMD
// instructions), so 'wasm' and 'native' compute the same bits. `tanhScalar` below is the same
// steps in JavaScript, for the last `n mod 4` elements and runtimes without SIMD.

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run(source, target, bytes)`. */
export function tanhModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return mapLanesModuleBytes(tanhLanes, shared);
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
