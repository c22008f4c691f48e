/**
 * URLs of the three tfjs wasm binaries, which the build copies into this package's `wasm/`
 * folder. Written as `new URL('…', import.meta.url)` so that bundlers (webpack 5, Vite, Parcel,
 * esbuild with a file loader) emit the files and rewrite the URLs: no setWasmPaths needed.
 */
export function bundledWasmFiles(): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL('../../wasm/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('../../wasm/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('../../wasm/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  };
}
