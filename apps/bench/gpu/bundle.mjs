// Bundles gpu/gpu-run.ts and its workspace dependencies into gpu/out/gpu-run.mjs, so the GPU
// machine needs only Node, that file and the CUDA addon (packages/backend-cuda/build/).
import { build } from 'esbuild';

await build({
  entryPoints: ['gpu/gpu-run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'gpu/out/gpu-run.mjs',
  conditions: ['source'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  ignoreAnnotations: true,
  logLevel: 'warning',
});
console.log('wrote gpu/out/gpu-run.mjs');
