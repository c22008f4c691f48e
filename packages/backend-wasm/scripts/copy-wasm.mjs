// Copies tfjs-backend-wasm's three binaries into this package's wasm/ folder, where
// src/backend/wasm-files.ts points bundlers (new URL('../../wasm/…', import.meta.url)).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'wasm');
mkdirSync(target, { recursive: true });
for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  copyFileSync(join(source, name), join(target, name));
}
