import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '@keras-ts/common';
import { WasmLoadError } from '../wasm-load-error.js';
import { bundledWasmUrls, type WasmFileName } from '../wasm-files.js';
import { configuredWasmLocation } from '../wasm-paths.js';

const require = createRequire(import.meta.url);

/**
 * Where Node looks for `fileName`: the location `setWasmPaths` gave, alone (a wrong one is an
 * error, not a reason to look elsewhere); else this package's `wasm/` folder, then
 * tfjs-backend-wasm's `dist/` folder, which holds the same files (so source checkouts work before
 * the build has copied them).
 */
export function nodeWasmLocations(fileName: WasmFileName): string[] {
  const configured = configuredWasmLocation(fileName);
  if (configured !== undefined) return [configured];
  const stockFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return [bundledWasmUrls()[fileName].href, join(stockFolder, fileName)];
}

async function readOne(location: string): Promise<Uint8Array> {
  if (/^https?:\/\//i.test(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new BackendError(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return readFile(location.startsWith('file:') ? fileURLToPath(location) : location);
}

const wasmMagic = [0x00, 0x61, 0x73, 0x6d];

/**
 * Reads `fileName` from the first location in `locations` that has it (file paths, `file:` and
 * `http(s):` URLs). Throws a {@link WasmLoadError} listing every location tried and why each failed.
 */
export async function readWasmBinary(fileName: WasmFileName, locations: readonly string[]): Promise<{ bytes: Uint8Array; location: string }> {
  const failures: { url: string; reason: string }[] = [];
  for (const location of locations) {
    try {
      const bytes = await readOne(location);
      if (!wasmMagic.every((byte, index) => bytes[index] === byte)) {
        failures.push({ url: location, reason: 'not a WebAssembly file' });
        continue;
      }
      return { bytes, location };
    } catch (error) {
      // fs errors carry a code (ENOENT); fetch's "fetch failed" keeps it on its cause (ECONNREFUSED).
      const { code, cause } = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      failures.push({ url: location, reason: code ?? cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) });
    }
  }
  throw new WasmLoadError(
    fileName,
    failures,
    "Call setWasmPaths(folderOrFileMap) from '@keras-ts/backend-wasm' with the folder (path or URL) that holds the .wasm files, before setBackend('wasm'); a checkout builds them into wasm/ with `pnpm --filter @keras-ts/backend-wasm build`.",
  );
}
