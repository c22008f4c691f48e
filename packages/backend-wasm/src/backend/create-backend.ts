import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, getThreadsCount, setThreadsCount as setStockThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { requestedThreadsCount } from './threads.js';
import { bundledWasmFiles } from './wasm-files.js';

/** How the active wasm backend was built; see {@link wasmBackendInfo}. */
export interface WasmBackendInfo {
  /** The binary in use: 'plain', 'simd' or 'threaded-simd'. */
  binary: 'plain' | 'simd' | 'threaded-simd';
  /** Threads in XNNPACK's pool (1 without threads). */
  threads: number;
  /** Whether the runtime validated WebAssembly SIMD. */
  simd: boolean;
}

let info: WasmBackendInfo | undefined;

/** How the 'wasm' backend was initialised, or `undefined` before it is. */
export function wasmBackendInfo(): WasmBackendInfo | undefined {
  return info === undefined ? undefined : { ...info };
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Builds the backend. In Node the binary is read from tfjs-backend-wasm's folder by path, with
 * worker threads when more than one thread is wanted; elsewhere the stock initialiser runs with
 * the binaries this package ships, located relative to this module.
 */
export async function createWasmBackend(stockFactory: () => tf.KernelBackend | Promise<tf.KernelBackend>): Promise<tf.KernelBackend> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  if (!isNode()) {
    setWasmPaths(bundledWasmFiles());
    const backend = await stockFactory();
    const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    info = { binary: simd ? (threaded ? 'threaded-simd' : 'simd') : 'plain', threads: Math.max(1, getThreadsCount()), simd };
    return backend;
  }
  const { availableParallelism } = await import('node:os');
  const canThread = simd && typeof SharedArrayBuffer !== 'undefined';
  const threads = canThread ? requestedThreadsCount(availableParallelism()) : 1;
  const { loadNodeModule } = await import('./node-module.js');
  const loaded = await loadNodeModule(simd, threads);
  setStockThreadsCount(threads);
  const backend = new BackendWasm(loaded.module);
  loaded.unrefWorkers();
  info = { binary: loaded.binary, threads: loaded.module.tfjs.getThreadsCount(), simd };
  return backend;
}
