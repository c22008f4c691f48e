import { BackendError, ValueError } from '@keras-ts/common';

/** Whether products should use relaxed SIMD's multiply-add; `undefined` means "as the environment says". */
let requested: boolean | undefined;
let locked = false;

/**
 * Turns on or off the relaxed-SIMD build of the 'wasm' backend's matrix product (on by default).
 * Where the runtime has WebAssembly relaxed SIMD (Chrome and Edge ≥ 114, Node ≥ 22;
 * Node 20 with `--experimental-wasm-relaxed-simd`), each `c + a·b` of a product is one
 * `f32x4.relaxed_madd`: a fused multiply-add with a single rounding on processors with FMA, about
 * 1.35× the product's speed; elsewhere it changes nothing. Off, every product rounds the multiply
 * and the add separately on every machine, so results are the same bits everywhere. The
 * environment variable `KERAS_TS_WASM_FMA=0` turns it off too. Call it before the backend
 * initialises (before `setBackend('wasm')`, `tf.ready()` or the first op); `wasmBackendInfo()`
 * tells what is in use.
 */
export function setFusedMultiplyAdd(enabled: boolean): void {
  if (typeof enabled !== 'boolean') throw new ValueError(`setFusedMultiplyAdd(enabled) expects true or false, got ${String(enabled)}.`);
  if (locked) {
    throw new BackendError(
      "setFusedMultiplyAdd() was called after the 'wasm' backend started initialising, when its products are chosen. Call it before setBackend('wasm'), tf.ready() or the first op.",
    );
  }
  requested = enabled;
}

/** Whether the product should use the relaxed multiply-add: `setFusedMultiplyAdd`'s choice, else `KERAS_TS_WASM_FMA`, else yes. */
export function fusedMultiplyAddWanted(): boolean {
  if (requested !== undefined) return requested;
  const fromEnvironment = typeof process === 'undefined' ? undefined : process.env?.KERAS_TS_WASM_FMA;
  if (fromEnvironment === undefined || fromEnvironment === '') return true;
  if (fromEnvironment !== '0' && fromEnvironment !== '1') throw new ValueError(`KERAS_TS_WASM_FMA must be 0 or 1, got '${fromEnvironment}'.`);
  return fromEnvironment === '1';
}

/** Fixes the choice: the backend has initialised. */
export function lockFusedMultiplyAdd(): void {
  locked = true;
}
