#!/usr/bin/env node
// Builds @keras-ts/backend-native.
//   node scripts/build.mjs               (`pnpm build`) the TypeScript, then the C++ addon when a C++17
//                                         toolchain, python3 (for gyp), the Node headers and OpenBLAS
//                                         are present, then the prebuilt platform package beside it
//   node scripts/build.mjs --native-only  the addon (and the platform package) only
//   node scripts/build.mjs --prebuild     no compile: copy the built addon into the platform package,
//                                         failing when there is none
// The addon links the system's OpenBLAS dynamically (libopenblas.so.0 at run time). The outcome is
// recorded in build/native-status.json, which the loader reads to say why a source build is
// missing. Nothing is downloaded. `npx @keras-ts/backend-native build` (scripts/cli.mjs) runs the
// same compile inside an installed package.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const addonFile = 'keras_ts_native.node';
const builtAddon = join(packageRoot, 'build', 'Release', addonFile);
/** The portable instruction-set baseline of a binary others may run (SSE4.2; AVX2/AVX-512 loops are cloned). */
const portableMarch = 'x86-64-v2';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: packageRoot, encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

function buildTypeScript() {
  // A clean dist/: files whose sources were removed must not reach the tarball.
  rmSync(join(packageRoot, 'dist'), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const result = run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (!result.ok) {
    console.error('[backend-native] TypeScript build failed');
    process.exit(1);
  }
}

// Shared objects first: the addon links OpenBLAS dynamically. A static libopenblas.a named by
// KERAS_TS_OPENBLAS_LIB links it in instead (a ~26 MB addon that needs no libopenblas0).
const openBlasLibraries = [
  process.env.KERAS_TS_OPENBLAS_LIB,
  '/usr/lib/x86_64-linux-gnu/libopenblas.so',
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so',
  '/usr/lib/aarch64-linux-gnu/libopenblas.so',
  '/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so',
  '/usr/lib64/libopenblas.so',
  '/usr/lib/libopenblas.so',
  '/usr/local/lib/libopenblas.so',
].filter(Boolean);
const openBlasIncludes = [
  process.env.KERAS_TS_OPENBLAS_INCLUDE,
  '/usr/include/x86_64-linux-gnu/openblas-pthread',
  '/usr/include/aarch64-linux-gnu/openblas-pthread',
  '/usr/include/openblas',
  '/usr/local/include',
  '/usr/include',
].filter(Boolean);

/**
 * Returns the reason the addon cannot be built here, or what the build needs. With
 * `allowHeaderDownload`, missing local Node headers are left to node-gyp to download.
 */
export function probe({ allowHeaderDownload = false } = {}) {
  if (process.env.KERAS_TS_NATIVE_SKIP === '1') return { reason: 'KERAS_TS_NATIVE_SKIP=1 was set at build time' };
  if (process.platform !== 'linux') return { reason: `the addon build supports Linux only (this is ${process.platform})` };
  const compiler = process.env.CXX ?? 'c++';
  const cxx = run(compiler, ['--version']);
  if (!cxx.ok) return { reason: `no C++ compiler (\`${compiler} --version\` failed); install g++ (apt-get install build-essential)` };
  if (!run('make', ['--version']).ok) return { reason: 'make is not installed; apt-get install build-essential' };
  if (!run('python3', ['--version']).ok) return { reason: 'python3 (needed by node-gyp) is not installed' };
  const library = openBlasLibraries.find((path) => existsSync(path));
  if (library === undefined)
    return {
      reason: `no OpenBLAS to link (looked for ${openBlasLibraries.join(', ')}); apt-get install libopenblas-dev (dnf install openblas-devel) or set KERAS_TS_OPENBLAS_LIB`,
    };
  const include = openBlasIncludes.find((path) => existsSync(join(path, 'cblas.h')));
  if (include === undefined)
    return { reason: `no cblas.h (looked in ${openBlasIncludes.join(', ')}); apt-get install libopenblas-dev or set KERAS_TS_OPENBLAS_INCLUDE` };
  // Use the headers of the running Node (prefix/include/node) so node-gyp downloads nothing.
  const prefix = dirname(dirname(process.execPath));
  const nodeDir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : process.env.npm_config_nodedir;
  if (nodeDir === undefined && !allowHeaderDownload)
    return { reason: `the Node headers are missing (${join(prefix, 'include', 'node')}); node-gyp would have to download them` };
  const march = process.env.KERAS_TS_NATIVE_MARCH ?? (process.arch === 'x64' ? portableMarch : 'native');
  return { library, include, nodeDir, march, compiler: cxx.output.split('\n')[0] };
}

function writeStatus(status) {
  mkdirSync(join(packageRoot, 'build'), { recursive: true });
  // A stale addon from an earlier build must not outlive a failed or skipped one.
  if (!status.built) rmSync(builtAddon, { force: true });
  writeFileSync(join(packageRoot, 'build', 'native-status.json'), `${JSON.stringify(status, null, 2)}\n`);
}

function readStatus() {
  try {
    return JSON.parse(readFileSync(join(packageRoot, 'build', 'native-status.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** Copy then rename, so a process that has the old file mapped keeps a valid one. */
function replaceFile(source, target) {
  copyFileSync(source, `${target}.tmp`);
  renameSync(`${target}.tmp`, target);
}

/**
 * Compiles native/ with node-gyp into build/Release/keras_ts_native.node and records the outcome
 * in build/native-status.json. Returns `{ built: false, reason }` instead of throwing.
 */
export function buildAddon({ allowHeaderDownload = false } = {}) {
  const found = probe({ allowHeaderDownload });
  const base = { node: process.version, napi: process.versions.napi, builtAt: new Date().toISOString() };
  if (found.reason !== undefined) {
    writeStatus({ ...base, built: false, reason: found.reason });
    return { built: false, reason: found.reason };
  }
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  const started = Date.now();
  // binding.gyp lives in native/ rather than the package root, so package managers do not run
  // an implicit `node-gyp rebuild` at install time (which would fail without OpenBLAS).
  const result = run(process.execPath, [
    nodeGyp,
    'rebuild',
    `--directory=${join(packageRoot, 'native')}`,
    ...(found.nodeDir ? [`--nodedir=${found.nodeDir}`] : []),
    `--jobs=${process.env.JOBS ?? 'max'}`,
    '--',
    `-Dopenblas_lib=${found.library}`,
    `-Dopenblas_include=${found.include}`,
    `-Dkts_march=${found.march}`,
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
  replaceFile(join(packageRoot, 'native', 'build', 'Release', addonFile), builtAddon);
  const seconds = (Date.now() - started) / 1000;
  writeStatus({ ...base, built: true, reason: '', openblas: found.library, compiler: found.compiler, march: found.march, seconds });
  return { built: true, library: found.library, march: found.march, seconds };
}

/** The prebuilt platform package beside this one in the repository, when it is for this host. */
function platformPackage() {
  const directory = join(packageRoot, '..', 'backend-native-linux-x64-gnu');
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const glibc = process.report?.getReport().header?.glibcVersionRuntime !== undefined;
  const fits = manifest.os.includes(process.platform) && manifest.cpu.includes(process.arch) && (!manifest.libc?.includes('glibc') || glibc);
  return fits ? { directory, name: manifest.name } : undefined;
}

/**
 * Copies the built addon into the platform package (stripped of symbols). Returns a message;
 * `required` turns every reason not to copy into an error.
 */
export function fillPlatformPackage({ required = false } = {}) {
  const fail = (message) => {
    if (required) {
      console.error(`[backend-native] ${message}`);
      process.exit(1);
    }
    return message;
  };
  const target = platformPackage();
  if (target === undefined) return fail('no platform package for this host beside this package; nothing to fill');
  const destination = join(target.directory, addonFile);
  if (!existsSync(builtAddon)) {
    // An addon from an earlier build must not be packed as if it were current.
    rmSync(destination, { force: true });
    return fail(`${builtAddon} is missing (${readStatus().reason ?? 'run the build first'}); ${target.name} left without an addon`);
  }
  const { march } = readStatus();
  if (march !== portableMarch) {
    rmSync(destination, { force: true });
    return fail(
      `the addon was built with -march=${march}, not the portable ${portableMarch}; ${target.name} left without an addon (unset KERAS_TS_NATIVE_MARCH)`,
    );
  }
  replaceFile(builtAddon, destination);
  // The linker already ran with -s; this also drops what it keeps for relocation only.
  run('strip', ['--strip-unneeded', destination]);
  const megabytes = (statSync(destination).size / 1024 / 1024).toFixed(2);
  return `filled ${target.name} with ${addonFile} (${megabytes} MB)`;
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--prebuild')) {
    console.log(`[backend-native] ${fillPlatformPackage({ required: true })}`);
    return;
  }
  if (!argv.includes('--native-only')) buildTypeScript();
  const outcome = buildAddon();
  if (!outcome.built) {
    console.warn(`[backend-native] addon not built; the package still works without 'native': ${outcome.reason}`);
  } else {
    console.log(`[backend-native] built build/Release/${addonFile} in ${outcome.seconds.toFixed(1)} s (OpenBLAS ${outcome.library}, -march=${outcome.march})`);
  }
  console.log(`[backend-native] ${fillPlatformPackage()}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
