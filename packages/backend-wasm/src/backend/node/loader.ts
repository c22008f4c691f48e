// The Node side of the `#wasm-loader` seam (package.json `imports`, `node` condition): reads the
// binary from disk and runs the threaded build on worker_threads. Browser bundles never see it.
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { processorSample, ThreadGovernor } from '@keras-ts/backend-kit';
import { dirname, join } from 'node:path';
import { BackendWasm, setThreadsCount as setStockThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { WasmLoader } from '../loader.js';
import { installSmallKernelPool, type PoolModule, threadpoolAddress } from '../small-kernel-pool.js';
import { requestedThreadsCount } from '../threads.js';
import { type WasmBinary, wasmFileName } from '../wasm-files.js';
import { withoutNewProcessHandlers } from './process-handlers.js';
import { nodeWasmLocations, readWasmBinary } from './read-binary.js';
import { workerScriptPath } from './worker-script.js';
import { gemmFusesMultiplyAdd, gemmRunner } from '../../kernels/gemm-simd.js';
import { heapMemory, heapRunnerModuleOf } from '../../kernels/heap-module.js';
import { setHeapWorkers } from '../../kernels/heap-workers.js';
import { startHeapWorkers } from './heap-workers.js';

type WasmModule = BackendWasm['wasm'];
interface EmscriptenWorker {
  unref(): void;
}
interface FactoryConfig {
  locateFile(path: string, prefix: string): string;
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
  mainScriptUrlOrBlob?: string;
}
type Factory = (config: FactoryConfig) => Promise<WasmModule>;

const require = createRequire(import.meta.url);

/**
 * Loads the tfjs wasm binary in Node without fetch: the threaded SIMD build when more than one
 * thread is wanted (and SharedArrayBuffer exists), else the SIMD (or plain) build. The binary is
 * read before emscripten starts, so a missing file is a `WasmLoadError` naming the locations tried.
 */
export const loadWasmBackend: WasmLoader = async ({ simd }) => {
  const canThread = simd && typeof SharedArrayBuffer !== 'undefined';
  const threads = canThread ? requestedThreadsCount(availableParallelism()) : 1;
  const binary: WasmBinary = simd ? (threads > 1 ? 'threaded-simd' : 'simd') : 'plain';
  const fileName = wasmFileName(binary);
  const { bytes } = await readWasmBinary(fileName, nodeWasmLocations(fileName));

  const scriptsFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const scriptFile = join(scriptsFolder, binary === 'threaded-simd' ? 'tfjs-backend-wasm-threaded-simd.js' : 'tfjs-backend-wasm.js');
  const factory = require(scriptFile) as Factory;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });
  const config: FactoryConfig = {
    locateFile: (path) => (path.endsWith('.worker.js') ? workerScriptPath() : path),
    instantiateWasm: (imports, receive) => {
      // tfjs caps its pool at half the logical cores (it assumes two hyperthreads per core), read
      // once at start-up; report enough cores that the cap is the requested thread count.
      const environment = imports.env as Record<string, unknown> | undefined;
      if (environment !== undefined && 'emscripten_num_logical_cores' in environment) {
        environment.emscripten_num_logical_cores = () => Math.max(2 * threads, availableParallelism());
      }
      WebAssembly.instantiate(bytes as BufferSource, imports).then(
        ({ instance, module }) => receive(instance, module),
        (error: unknown) => failInstantiation(error),
      );
      return {};
    },
  };
  if (binary === 'threaded-simd') config.mainScriptUrlOrBlob = scriptFile;
  const module = await Promise.race([withoutNewProcessHandlers(() => factory(config)), instantiationFailed]);
  // The same bridge tfjs-backend-wasm's own initialiser installs; BackendWasm calls through it.
  const { cwrap } = module as unknown as { cwrap: (name: string, returns: string | null, parameters: string[]) => never };
  module.tfjs = {
    init: cwrap('init', null, []),
    initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  setStockThreadsCount(threads);
  const backend = new BackendWasm(module);
  // Kernels with little work run on a one-thread pool instead of waking the workers (small-kernel-pool.ts).
  const smallKernelsOnOneThread = binary === 'threaded-simd' && installSmallKernelPool(module as unknown as PoolModule, threadpoolAddress(bytes));
  // Pool workers must never keep the Node process alive.
  const pool = (module as unknown as { PThread?: { runningWorkers: EmscriptenWorker[]; unusedWorkers: EmscriptenWorker[] } }).PThread;
  for (const worker of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) worker.unref();
  const poolThreads = module.tfjs.getThreadsCount();
  // Large heap products share their rows with helper threads over the same shared heap (heap-workers.ts).
  const memory = heapMemory(backend);
  let heapProductThreads = 1;
  setHeapWorkers(undefined);
  const productRunner = gemmRunner(backend);
  const product = productRunner === undefined ? undefined : heapRunnerModuleOf(productRunner);
  if (binary === 'threaded-simd' && poolThreads > 1 && memory !== undefined && memory.buffer instanceof SharedArrayBuffer && product !== undefined) {
    try {
      setHeapWorkers(await startHeapWorkers(memory, product, poolThreads - 1));
      heapProductThreads = poolThreads;
    } catch {
      // Without helpers every heap product runs on the calling thread, as in browsers.
    }
  }
  // Threads follow the cores actually free (threads.ts): other processes' load is read from the
  // machine's idle time and this process's own processor time.
  const governor =
    poolThreads > 1
      ? new ThreadGovernor({
          maxThreads: poolThreads,
          sample: () => processorSample({ cpus }),
        })
      : undefined;
  const fusedMultiplyAdd = gemmFusesMultiplyAdd(backend);
  return { backend, info: { binary, threads: poolThreads, simd, smallKernelsOnOneThread, heapProductThreads, fusedMultiplyAdd }, governor };
};
