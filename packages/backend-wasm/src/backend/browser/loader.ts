// The default side of the `#wasm-loader` seam (package.json `imports`): browsers, workers and any
// runtime without the `node` condition. tfjs-backend-wasm's own initialiser fetches the binary;
// this module only tells it where the files are and turns a failed fetch into a WasmLoadError.
import * as tf from '@tensorflow/tfjs-core';
import { type BackendWasm, setThreadsCount as setStockThreadsCount, setWasmPaths as setStockWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';
import type { WasmLoader } from '../loader.js';
import { requestedThreadsCount } from '../threads.js';
import { bundledWasmUrls, type WasmBinary, type WasmFileName, wasmFileName, wasmFileNames } from '../wasm-files.js';
import { gemmFusesMultiplyAdd } from '../../kernels/gemm-simd.js';
import { WasmLoadError } from '../wasm-load-error.js';
import { configuredWasmLocation } from '../wasm-paths.js';

/** Every binary's URL: where `setWasmPaths` said, else next to this module as bundled. */
function wasmUrls(): Record<WasmFileName, string> {
  const bundled = bundledWasmUrls();
  const urls = {} as Record<WasmFileName, string>;
  for (const name of wasmFileNames) urls[name] = configuredWasmLocation(name) ?? bundled[name].href;
  return urls;
}

/** Why `url` did not give a WebAssembly binary, asked again after tfjs's own load failed. */
async function whyNotWasm(url: string): Promise<string> {
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return `HTTP ${response.status}`;
    const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 4);
    const isWasm = head.length === 4 && head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
    return isWasm ? 'served, but failed to instantiate' : `served as ${response.headers.get('content-type') ?? 'unknown type'}, not a WebAssembly file`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Threads need SharedArrayBuffer, which browsers give only to cross-origin-isolated pages (served
 * with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`);
 * tfjs checks that itself (`WASM_HAS_MULTITHREAD_SUPPORT`). Elsewhere the SIMD build runs alone.
 */
export const loadWasmBackend: WasmLoader = async ({ simd, stockFactory }) => {
  const hardwareThreads = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  const threads = requestedThreadsCount(hardwareThreads);
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const threaded = simd && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const binary: WasmBinary = simd ? (threaded ? 'threaded-simd' : 'simd') : 'plain';
  const urls = wasmUrls();
  try {
    setStockWasmPaths(urls);
  } catch (error) {
    // tfjs-backend-wasm keeps the paths of a start that failed and refuses new ones.
    throw new BackendError(
      `The 'wasm' backend already failed to start in this page and tfjs-backend-wasm cannot be pointed at new .wasm locations now (${error instanceof Error ? error.message : String(error)}). Fix the paths, call setWasmPaths before the first setBackend('wasm'), and reload the page.`,
    );
  }
  if (threaded) setStockThreadsCount(threads);
  let backend: tf.KernelBackend;
  try {
    backend = await stockFactory();
  } catch {
    const url = urls[wasmFileName(binary)];
    throw new WasmLoadError(
      wasmFileName(binary),
      [{ url, reason: await whyNotWasm(url) }],
      "Serve the three .wasm files from node_modules/@keras-ts/backend-wasm/wasm/ and call setWasmPaths('<their folder URL>/') from '@keras-ts/backend-wasm' before setBackend('wasm'). Vite and webpack 5 emit the files by themselves; esbuild, CDNs and plain <script type=module> pages need setWasmPaths.",
    );
  }
  const threadsInPool = (backend as BackendWasm).wasm.tfjs.getThreadsCount();
  const fusedMultiplyAdd = gemmFusesMultiplyAdd(backend as BackendWasm);
  return { backend, info: { binary, threads: Math.max(1, threadsInPool), simd, smallKernelsOnOneThread: false, heapProductThreads: 1, fusedMultiplyAdd } };
};
