import { BackendError, ValueError } from '@keras-ts/common';
import { type WasmFileName, wasmFileNames } from './wasm-files.js';

/**
 * Where the `.wasm` binaries are served from: a folder (URL or, in Node, a path) holding all three
 * files, or a map from file name to its own URL or path. Files a map leaves out keep their
 * default location.
 */
export type WasmPaths = string | Partial<Record<WasmFileName, string>>;

let configured: WasmPaths | undefined;
let locked = false;

/**
 * Tells the 'wasm' backend where its `.wasm` files are. Not needed with Vite or webpack 5 (they
 * emit the files this package points at) nor in Node (the files are read from the package);
 * needed with esbuild, which leaves the files behind, and to load them from a CDN.
 * Call it before the backend initialises (before `setBackend('wasm')`, `tf.ready()` or the
 * first op).
 *
 * This is the one place keras-ts reads binary locations from: the backend hands the result to
 * tfjs-backend-wasm's own `setWasmPaths` when it initialises, so do not call that one directly.
 *
 * @example
 * setWasmPaths('/assets/wasm/'); // serves tfjs-backend-wasm.wasm, …-simd.wasm, …-threaded-simd.wasm
 * setWasmPaths('https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@4.22.0/dist/');
 */
export function setWasmPaths(prefixOrFileMap: WasmPaths): void {
  if (locked) {
    throw new BackendError("setWasmPaths() was called after the 'wasm' backend initialised. Call it before setBackend('wasm'), tf.ready() or the first op.");
  }
  if (typeof prefixOrFileMap === 'string') {
    if (prefixOrFileMap === '') throw new ValueError("setWasmPaths(prefix) expects a folder URL or path such as '/assets/wasm/', got ''.");
  } else if (typeof prefixOrFileMap === 'object' && prefixOrFileMap !== null) {
    for (const [name, location] of Object.entries(prefixOrFileMap)) {
      if (!(wasmFileNames as readonly string[]).includes(name)) {
        throw new ValueError(`setWasmPaths(fileMap) got an unknown file name '${name}'; expected one of ${wasmFileNames.join(', ')}.`);
      }
      if (typeof location !== 'string' || location === '') {
        throw new ValueError(`setWasmPaths(fileMap): the location of '${name}' must be a non-empty URL or path, got ${JSON.stringify(location)}.`);
      }
    }
  } else {
    throw new ValueError(`setWasmPaths(prefixOrFileMap) expects a folder (string) or a map of file names to URLs, got ${String(prefixOrFileMap)}.`);
  }
  configured = typeof prefixOrFileMap === 'string' ? prefixOrFileMap : { ...prefixOrFileMap };
}

/** The location `setWasmPaths` gave for `fileName`, or `undefined` when it gave none. */
export function configuredWasmLocation(fileName: WasmFileName): string | undefined {
  if (configured === undefined) return undefined;
  if (typeof configured !== 'string') return configured[fileName];
  return configured.endsWith('/') ? `${configured}${fileName}` : `${configured}/${fileName}`;
}

/** Called once the backend has initialised: later `setWasmPaths` calls could not take effect. */
export function lockWasmPaths(): void {
  locked = true;
}
