// The browser (and any non-Node) implementation of the platform, selected by the `default`
// condition of `#platform` in package.json. It must not reference `node:*`, `process` or
// `setImmediate`; the bundle test checks it.
import { PlatformError } from '@keras-ts/common';
import { lineStream } from './console-stream.js';
import type { Platform } from './platform.js';

/**
 * Resolves after other tasks ran. A MessageChannel message runs as a new task without the
 * clamping (≥ 4 ms nested, ≥ 1 s in background tabs) that browsers apply to `setTimeout(0)`.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise<void>((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        done();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise<void>((done) => setTimeout(done, 0));
}

/** Browsers, web workers, Deno and other runtimes without Node's APIs: no files, progress on the console. */
export const platform: Platform = {
  name: 'browser',
  files: undefined,
  yieldToEventLoop,
  progressStream: () => lineStream(),
  terminalColumns: () => undefined,
  // A dynamic import, so that bundlers with code splitting (Vite, webpack, esbuild --splitting)
  // put h5wasm (4 MB, its WebAssembly embedded) in a chunk of its own, fetched on the first
  // Keras file; its ESM build keeps files in Emscripten's in-memory file system.
  loadHdf5: async () => {
    try {
      return await import('h5wasm');
    } catch (error) {
      throw new PlatformError(
        `Loading h5wasm, which reads and writes Keras's .keras and .weights.h5 files, failed: ${(error as Error).message}. Check that the bundle's h5wasm chunk is served next to the page.`,
      );
    }
  },
};
