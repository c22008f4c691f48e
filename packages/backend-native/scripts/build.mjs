#!/usr/bin/env node
// Builds @keras-ts/backend-native: the TypeScript always, the C++ addon when a C++17
// toolchain, Python (for gyp), the Node headers and a static OpenBLAS are present.
// The outcome is recorded in build/native-status.json, which the package reads at import
// time to explain why the 'native' backend is missing. Nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const onlyNative = process.argv.includes('--native-only');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: packageRoot, encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

function buildTypeScript() {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (!result.ok) {
    console.error('[backend-native] TypeScript build failed');
    process.exit(1);
  }
}

const openBlasLibraries = [
  process.env.KERAS_TS_OPENBLAS_LIB,
  '/usr/lib/x86_64-linux-gnu/libopenblas.a',
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a',
  '/usr/lib/aarch64-linux-gnu/libopenblas.a',
  '/usr/lib64/libopenblas.a',
  '/usr/lib/libopenblas.a',
  '/usr/local/lib/libopenblas.a',
].filter(Boolean);
const openBlasIncludes = [
  process.env.KERAS_TS_OPENBLAS_INCLUDE,
  '/usr/include/x86_64-linux-gnu/openblas-pthread',
  '/usr/include/aarch64-linux-gnu/openblas-pthread',
  '/usr/include/openblas',
  '/usr/local/include',
  '/usr/include',
].filter(Boolean);

/** Returns the reason the addon cannot be built here, or the gyp variables when it can. */
function probe() {
  if (process.env.KERAS_TS_NATIVE_SKIP === '1') return { reason: 'KERAS_TS_NATIVE_SKIP=1 was set at build time' };
  if (process.platform !== 'linux') return { reason: `the addon build supports Linux only (this is ${process.platform})` };
  const compiler = process.env.CXX ?? 'c++';
  const cxx = run(compiler, ['--version']);
  if (!cxx.ok) return { reason: `no C++ compiler (\`${compiler} --version\` failed); install g++ (build-essential)` };
  if (!run('make', ['--version']).ok) return { reason: 'make is not installed; install build-essential' };
  if (!run('python3', ['--version']).ok) return { reason: 'python3 (needed by node-gyp) is not installed' };
  const library = openBlasLibraries.find((path) => existsSync(path));
  if (library === undefined)
    return { reason: `no static OpenBLAS (looked for ${openBlasLibraries.join(', ')}); install libopenblas-dev or set KERAS_TS_OPENBLAS_LIB` };
  const include = openBlasIncludes.find((path) => existsSync(join(path, 'cblas.h')));
  if (include === undefined)
    return { reason: `no cblas.h (looked in ${openBlasIncludes.join(', ')}); install libopenblas-dev or set KERAS_TS_OPENBLAS_INCLUDE` };
  // Use the headers of the running Node (prefix/include/node) so node-gyp downloads nothing.
  const prefix = dirname(dirname(process.execPath));
  const nodeDir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
  if (nodeDir === undefined && process.env.npm_config_nodedir === undefined)
    return { reason: `the Node headers are missing (${join(prefix, 'include', 'node')}); node-gyp would have to download them` };
  const march = process.env.KERAS_TS_NATIVE_MARCH ?? (process.arch === 'x64' ? 'x86-64-v2' : 'native');
  return { library, include, nodeDir: nodeDir ?? process.env.npm_config_nodedir, march, compiler: cxx.output.split('\n')[0] };
}

function writeStatus(status) {
  mkdirSync(join(packageRoot, 'build'), { recursive: true });
  // A stale addon from an earlier build must not outlive a failed or skipped one.
  if (!status.built) rmSync(join(packageRoot, 'build', 'Release', 'keras_ts_native.node'), { force: true });
  writeFileSync(join(packageRoot, 'build', 'native-status.json'), `${JSON.stringify(status, null, 2)}\n`);
}

function buildAddon() {
  const found = probe();
  const base = { node: process.version, napi: process.versions.napi, builtAt: new Date().toISOString() };
  if (found.reason !== undefined) {
    writeStatus({ ...base, built: false, reason: found.reason });
    console.warn(`[backend-native] addon not built: ${found.reason}`);
    return;
  }
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  // binding.gyp lives in native/ rather than the package root, so package managers do not run
  // an implicit `node-gyp rebuild` at install time (which would fail without OpenBLAS).
  const result = run(process.execPath, [
    nodeGyp, 'rebuild', `--directory=${join(packageRoot, 'native')}`, `--nodedir=${found.nodeDir}`, '--jobs=max', '--',
    `-Dopenblas_lib=${found.library}`, `-Dopenblas_include=${found.include}`, `-Dkts_march=${found.march}`,
  ]);
  if (!result.ok) {
    const tail = result.output.split('\n').filter((line) => line.trim() !== '').slice(-15).join('\n');
    writeStatus({ ...base, built: false, reason: `node-gyp failed:\n${tail}` });
    console.warn(`[backend-native] addon build failed; the package still works without 'native':\n${tail}`);
    return;
  }
  mkdirSync(join(packageRoot, 'build', 'Release'), { recursive: true });
  // Copy then rename, so a process that has the old addon mapped keeps a valid file.
  const target = join(packageRoot, 'build', 'Release', 'keras_ts_native.node');
  copyFileSync(join(packageRoot, 'native', 'build', 'Release', 'keras_ts_native.node'), `${target}.tmp`);
  renameSync(`${target}.tmp`, target);
  writeStatus({ ...base, built: true, reason: '', openblas: found.library, compiler: found.compiler, march: found.march });
  console.log(`[backend-native] built build/Release/keras_ts_native.node (OpenBLAS ${found.library}, -march=${found.march})`);
}

if (!onlyNative) buildTypeScript();
buildAddon();
