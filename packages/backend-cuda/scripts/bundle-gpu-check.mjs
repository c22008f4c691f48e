// Bundles scripts/gpu-check.ts with its dependencies into build/gpu/gpu-check.mjs, so a GPU
// machine needs only Node.js, this file and build/keras_ts_cuda.node (no node_modules).
import { build } from 'esbuild';

await build({
  entryPoints: ['scripts/gpu-check.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'build/gpu/gpu-check.mjs',
  conditions: ['source'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  ignoreAnnotations: true,
  logLevel: 'warning',
});
console.log('wrote build/gpu/gpu-check.mjs');
