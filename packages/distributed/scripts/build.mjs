#!/usr/bin/env node
// Builds @keras-ts/distributed.
//   node scripts/build.mjs               (`pnpm build`) the TypeScript, then the collectives addon
//                                         when a C++17 toolchain, python3 (for gyp) and the Node
//                                         headers are present
//   node scripts/build.mjs --native-only  the addon only
// The addon needs neither MPI nor NCCL to build: it loads libmpi.so.40 and libnccl.so.2 at run time
// (dlopen). The outcome is recorded in build/native-status.json, which the loader reads to say why
// an addon is missing. Nothing is downloaded unless `allowHeaderDownload` (the CLI's `build`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const addonFile = 'keras_ts_distributed.node';
export const builtAddon = join(packageRoot, 'build', 'Release', addonFile);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: packageRoot, encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function buildTypeScript() {
  rmSync(join(packageRoot, 'dist'), { recursive: true, force: true });
  const result = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (!result.ok) {
    console.error('[distributed] TypeScript build failed');
    process.exit(1);
  }
}

/** Returns why the addon cannot be built here, or what the build needs. */
function probe({ allowHeaderDownload }) {
  if (process.env.KERAS_TS_DISTRIBUTED_SKIP === '1') return { reason: 'KERAS_TS_DISTRIBUTED_SKIP=1 was set at build time' };
  if (process.platform !== 'linux') return { reason: `the addon supports Linux only (this is ${process.platform})` };
  const compiler = process.env.CXX ?? 'c++';
  if (!run(compiler, ['--version']).ok) return { reason: `no C++ compiler (\`${compiler} --version\` failed); apt-get install build-essential` };
  if (!run('make', ['--version']).ok) return { reason: 'make is not installed; apt-get install build-essential' };
  if (!run('python3', ['--version']).ok) return { reason: 'python3 (needed by node-gyp) is not installed' };
  const prefix = dirname(dirname(process.execPath));
  const nodeDir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : process.env.npm_config_nodedir;
  if (nodeDir === undefined && !allowHeaderDownload)
    return { reason: `the Node headers are missing (${join(prefix, 'include', 'node')}); node-gyp would have to download them` };
  return { nodeDir };
}

function writeStatus(status) {
  mkdirSync(join(packageRoot, 'build'), { recursive: true });
  if (!status.built) rmSync(builtAddon, { force: true });
  writeFileSync(join(packageRoot, 'build', 'native-status.json'), `${JSON.stringify(status, null, 2)}\n`);
}

/** Compiles native/ into build/Release/keras_ts_distributed.node; returns `{ built, reason }` instead of throwing. */
export function buildAddon({ allowHeaderDownload = false } = {}) {
  const found = probe({ allowHeaderDownload });
  const base = { node: process.version, napi: process.versions.napi, builtAt: new Date().toISOString() };
  if (found.reason !== undefined) {
    writeStatus({ ...base, built: false, reason: found.reason });
    return { built: false, reason: found.reason };
  }
  const started = Date.now();
  // binding.gyp lives in native/, so package managers run no implicit `node-gyp rebuild` at install.
  const result = run(process.execPath, [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    `--directory=${join(packageRoot, 'native')}`,
    ...(found.nodeDir ? [`--nodedir=${found.nodeDir}`] : []),
    `--jobs=${process.env.JOBS ?? 'max'}`,
  ]);
  if (!result.ok) {
    const tail = result.output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-15)
      .join('\n');
    writeStatus({ ...base, built: false, reason: `node-gyp failed:\n${tail}` });
    return { built: false, reason: `node-gyp failed:\n${tail}` };
  }
  mkdirSync(dirname(builtAddon), { recursive: true });
  // Copy then rename, so a process that has the old file mapped keeps a valid one.
  copyFileSync(join(packageRoot, 'native', 'build', 'Release', addonFile), `${builtAddon}.tmp`);
  renameSync(`${builtAddon}.tmp`, builtAddon);
  const seconds = (Date.now() - started) / 1000;
  writeStatus({ ...base, built: true, reason: '', seconds });
  return { built: true, seconds };
}

function main() {
  if (!process.argv.includes('--native-only')) buildTypeScript();
  const outcome = buildAddon();
  if (outcome.built) console.log(`[distributed] built build/Release/${addonFile} in ${outcome.seconds.toFixed(1)} s`);
  else console.warn(`[distributed] addon not built; initialize() works in a world of one process only: ${outcome.reason}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
