import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Emscripten's Node pthreads need the worker script as a file (tfjs ships it only as a string for
 * a Blob URL, which Node's `worker_threads` cannot load). It is written once per tfjs version to
 * the temp folder, atomically, so concurrent processes never read a half-written file.
 */
export function workerScriptPath(): string {
  const packageRoot = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const { version } = require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string };
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
