import type * as tf from '@tensorflow/tfjs-core';
import type { ThreadGovernor } from '@keras-ts/backend-kit';
import type { WasmBinary } from './wasm-files.js';

/** How the active wasm backend was built (what a loader reports); see `wasmBackendInfo()`. */
export interface WasmBuildInfo {
  /** The binary in use: 'plain', 'simd' or 'threaded-simd'. */
  binary: WasmBinary;
  /** Threads in XNNPACK's pool (1 without threads). */
  threads: number;
  /** Whether the runtime validated WebAssembly SIMD. */
  simd: boolean;
  /**
   * Whether kernels with little work (products under 2^22 multiply-adds, other kernels under
   * 2^16 input elements) run on the calling thread alone instead of waking the pool's workers:
   * true for the threaded build in Node, false elsewhere.
   */
  smallKernelsOnOneThread: boolean;
  /**
   * Threads the package's own SIMD matrix product shares large products over: the calling thread
   * and helper threads working on the same shared heap (`threads` of them for the threaded build in
   * Node), 1 elsewhere.
   */
  heapProductThreads: number;
  /**
   * Whether the SIMD matrix product rounds each multiply-add once: true where relaxed SIMD is
   * available, `setFusedMultiplyAdd` left it on and the processor fuses `relaxed_madd` (FMA);
   * false where products round the multiply and the add separately.
   */
  fusedMultiplyAdd: boolean;
}

/** How the active wasm backend was built and how many threads it uses now; see `wasmBackendInfo()`. */
export interface WasmBackendInfo extends WasmBuildInfo {
  /**
   * Whether the threads in use follow the cores actually free (the threaded build in Node, unless
   * `setAdaptiveThreads(false)` or `KERAS_TS_ADAPTIVE_THREADS=0`): when other processes hold
   * cores, kernels run on one thread instead of `threads`, and large heap products on fewer threads.
   */
  adaptiveThreads: boolean;
  /** Threads kernels use now: `threads`, or fewer while cores are busy with other processes (see `adaptiveThreads`). */
  threadsInUse: number;
}

/** What a {@link WasmLoader} is given. */
export interface WasmLoaderOptions {
  /** Whether the runtime validated WebAssembly SIMD. */
  simd: boolean;
  /** tfjs-backend-wasm's own backend factory (the browser loader runs it). */
  stockFactory: () => tf.KernelBackend | Promise<tf.KernelBackend>;
}

/** The backend a {@link WasmLoader} built, and how. */
export interface LoadedWasmBackend {
  backend: tf.KernelBackend;
  info: WasmBuildInfo;
  /** Estimates the free cores (Node's threaded build); absent where threads cannot follow them. */
  governor?: ThreadGovernor;
}

/**
 * The platform seam (TensorFlow.js's platform split): one loader for Node, which reads the
 * binaries from disk and runs threads in `worker_threads`, one for everything else, which lets
 * tfjs-backend-wasm fetch them. package.json's `imports` map picks one as `#wasm-loader` by the
 * `node` condition, so browser bundles never contain `node:*` modules. Both throw a
 * `WasmLoadError` naming the locations tried when the binary cannot be loaded.
 */
export type WasmLoader = (options: WasmLoaderOptions) => Promise<LoadedWasmBackend>;
