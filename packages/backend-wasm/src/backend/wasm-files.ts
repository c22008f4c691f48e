/** The file names of the three tfjs-backend-wasm binaries, as `setWasmPaths` keys them. */
export const wasmFileNames = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

/** One of {@link wasmFileNames}. */
export type WasmFileName = (typeof wasmFileNames)[number];

/** Which build of the backend runs: no SIMD, SIMD, or SIMD with a thread pool. */
export type WasmBinary = 'plain' | 'simd' | 'threaded-simd';

/** The file holding `binary`. */
export function wasmFileName(binary: WasmBinary): WasmFileName {
  return binary === 'plain' ? 'tfjs-backend-wasm.wasm' : `tfjs-backend-wasm-${binary}.wasm`;
}

/**
 * Where the binaries are when nobody called `setWasmPaths`: this package's `wasm/` folder, which
 * the build fills (scripts/copy-wasm.mjs). The folder is two levels above this module both as
 * `src/backend/wasm-files.ts` and as `dist/backend/wasm-files.js`.
 *
 * Each URL is spelled out as a literal `new URL('…', import.meta.url)`: webpack 5, Vite and Parcel
 * recognise exactly that form, emit the file as an asset and rewrite the URL, so a bundled page
 * finds its binaries with no configuration. esbuild keeps the expression unchanged (see the README
 * for its `setWasmPaths` recipe). Do not build these URLs in a loop or a helper: bundlers would no
 * longer see them.
 */
export function bundledWasmUrls(): Record<WasmFileName, URL> {
  return {
    'tfjs-backend-wasm.wasm': new URL('../../wasm/tfjs-backend-wasm.wasm', import.meta.url),
    'tfjs-backend-wasm-simd.wasm': new URL('../../wasm/tfjs-backend-wasm-simd.wasm', import.meta.url),
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('../../wasm/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url),
  };
}
