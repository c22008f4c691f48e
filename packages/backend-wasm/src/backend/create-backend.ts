import * as tf from '@tensorflow/tfjs-core';
import { loadWasmBackend } from '#wasm-loader';
import type { WasmBackendInfo, WasmBuildInfo } from './loader.js';
import { lockFusedMultiplyAdd } from './fused-multiply-add.js';
import { installThreadGovernor, threadsAreAdaptive, threadsNow } from './threads.js';
import { lockWasmPaths } from './wasm-paths.js';

export type { WasmBackendInfo, WasmBuildInfo } from './loader.js';

let info: WasmBuildInfo | undefined;

/** How the 'wasm' backend was initialised and how many threads it uses now, or `undefined` before it is. */
export function wasmBackendInfo(): WasmBackendInfo | undefined {
  return info === undefined ? undefined : { ...info, adaptiveThreads: threadsAreAdaptive(), threadsInUse: wasmBackendThreads() };
}

/**
 * The threads kernels may use now (1 before the backend is initialised): the pool's, or fewer while
 * other processes keep cores busy (see `setAdaptiveThreads`). For kernels, without {@link wasmBackendInfo}'s copy.
 */
export function wasmBackendThreads(): number {
  return info === undefined ? 1 : threadsNow(info.threads);
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
  // The product build is chosen while the backend loads (gemm-simd.ts).
  lockFusedMultiplyAdd();
  const loaded = await loadWasmBackend({ simd, stockFactory });
  lockWasmPaths();
  info = loaded.info;
  installThreadGovernor(loaded.governor);
  return loaded.backend;
}
