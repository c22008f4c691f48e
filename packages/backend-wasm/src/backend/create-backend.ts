import * as tf from '@tensorflow/tfjs-core';
import { loadWasmBackend } from '#wasm-loader';
import type { WasmBackendInfo } from './loader.js';
import { lockWasmPaths } from './wasm-paths.js';

export type { WasmBackendInfo } from './loader.js';

let info: WasmBackendInfo | undefined;

/** How the 'wasm' backend was initialised, or `undefined` before it is. */
export function wasmBackendInfo(): WasmBackendInfo | undefined {
  return info === undefined ? undefined : { ...info };
}

/** The threads the 'wasm' backend was initialised with (1 before it is): for kernels, without {@link wasmBackendInfo}'s copy. */
export function wasmBackendThreads(): number {
  return info?.threads ?? 1;
}

/**
 * Builds the backend: the factory registered for 'wasm'. In Node the binary is read from disk,
 * with worker threads when more than one thread is wanted; elsewhere tfjs-backend-wasm's own
 * initialiser (`stockFactory`) fetches the binaries this package ships, located relative to this
 * module (or where `setWasmPaths` said). Throws a `WasmLoadError` naming the locations tried when
 * the binary cannot be loaded; it never falls back to another backend.
 */
export async function createWasmBackend(stockFactory: () => tf.KernelBackend | Promise<tf.KernelBackend>): Promise<tf.KernelBackend> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const loaded = await loadWasmBackend({ simd, stockFactory });
  lockWasmPaths();
  info = loaded.info;
  return loaded.backend;
}
