// tfjs-core's Node entry (a CommonJS bundle) ships without gradient functions, and its ES module
// files use extensionless imports that Node cannot load. esbuild resolves those and writes one
// self-contained module that registers every gradient into tfjs's process-wide registry (tfjs keeps
// the registry and engine on globalThis, so this copy and the CommonJS one share them).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const coreRoot = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
const outfile = join(here, '..', 'generated', 'register.js');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(coreRoot, 'dist', 'register_all_gradients.js')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile,
  logLevel: 'warning',
  legalComments: 'inline',
  // Node-only optional dependencies of tfjs-core's platform code are never reached from gradients.
  external: ['node-fetch', 'util', 'worker_threads', 'perf_hooks'],
});
