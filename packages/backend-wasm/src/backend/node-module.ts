import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

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

/** What {@link loadNodeModule} loaded. */
export interface NodeWasmModule {
  module: WasmModule;
  /** Which binary: 'simd', 'threaded-simd' or 'plain'. */
  binary: 'plain' | 'simd' | 'threaded-simd';
  /** Releases the thread-pool workers so they never keep the Node process alive. */
  unrefWorkers(): void;
}

const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const version = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;

/**
 * Emscripten's Node pthreads need the worker script as a file (tfjs ships it only as a string for
 * a Blob URL, which Node's `worker_threads` cannot load). It is written once per tfjs version to
 * the temp folder, atomically, so concurrent processes never read a half-written file.
 */
function workerScriptPath(): string {
  const target = join(tmpdir(), `keras-ts-tfjs-wasm-${version}-threaded-simd.worker.cjs`);
  if (existsSync(target)) return target;
  const { wasmWorkerContents } = require(join(packageRoot, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The string was a template literal: its "\n" escapes became newlines inside string literals.
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, script);
  renameSync(partial, target);
  return target;
}

/**
 * Loads the tfjs wasm binary in Node by file path (no fetch, no setWasmPaths): the
 * threaded SIMD build when `threads > 1`, else the SIMD (or plain) build.
 */
export async function loadNodeModule(simd: boolean, threads: number): Promise<NodeWasmModule> {
  const binary = simd ? (threads > 1 ? 'threaded-simd' : 'simd') : 'plain';
  const wasmFile = join(packageRoot, 'dist', binary === 'plain' ? 'tfjs-backend-wasm.wasm' : `tfjs-backend-wasm-${binary}.wasm`);
  const scriptFile = join(packageRoot, 'wasm-out', binary === 'threaded-simd' ? 'tfjs-backend-wasm-threaded-simd.js' : 'tfjs-backend-wasm.js');
  const factory = require(scriptFile) as Factory;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });
  const config: FactoryConfig = {
    locateFile: (path) => (path.endsWith('.worker.js') ? workerScriptPath() : path.endsWith('.wasm') ? wasmFile : path),
    instantiateWasm: (imports, receive) => {
      // tfjs caps its pool at half the logical cores (it assumes two hyperthreads per core), read
      // once at start-up; report enough cores that the cap is the requested thread count.
      const environment = imports.env as Record<string, unknown> | undefined;
      if (environment !== undefined && 'emscripten_num_logical_cores' in environment) {
        environment.emscripten_num_logical_cores = () => Math.max(2 * threads, availableParallelism());
      }
      WebAssembly.instantiate(readFileSync(wasmFile), imports).then(
        ({ instance, module }) => receive(instance, module),
        (error: unknown) => failInstantiation(error),
      );
      return {};
    },
  };
  if (binary === 'threaded-simd') config.mainScriptUrlOrBlob = scriptFile;
  const module = await Promise.race([factory(config), instantiationFailed]);
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
  const threadApi = module as unknown as { PThread?: { runningWorkers: EmscriptenWorker[]; unusedWorkers: EmscriptenWorker[] } };
  return {
    module,
    binary,
    unrefWorkers: () => {
      for (const worker of threadApi.PThread?.runningWorkers ?? []) worker.unref();
      for (const worker of threadApi.PThread?.unusedWorkers ?? []) worker.unref();
    },
  };
}
