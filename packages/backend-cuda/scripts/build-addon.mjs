// Builds the CUDA addon (build/keras_ts_cuda.node) with nvcc and the host compiler, then copies it
// (stripped) into the prebuilt platform package beside this one (packages/backend-cuda-linux-x64),
// so that packing that package after `pnpm build` gives a complete tarball. Every build compiles
// for sm_80 and sm_90 plus PTX (about 30 s on two cores, so it stays in `pnpm build`);
// `--prebuild` (`pnpm --filter @keras-ts/backend-cuda build:prebuilt`) does the same but fails
// instead of skipping when the addon cannot be built.
// cudart is linked statically; cuBLAS and cuDNN are opened with dlopen at run time, so only
// their headers are needed here. They are unpacked from NVIDIA's wheels into `.nvidia/`
// (git-ignored). Without nvcc the build is skipped with the reason written to
// build/skipped.json, which the package reports through cudaStatus().
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildDirectory = join(packageRoot, 'build');
const objectDirectory = join(buildDirectory, 'obj');
const nvidiaDirectory = join(packageRoot, '.nvidia');
const require = createRequire(import.meta.url);
const prebuild = process.argv.includes('--prebuild');
const platformDirectory = join(packageRoot, '..', 'backend-cuda-linux-x64');
const platformAddon = join(platformDirectory, 'keras_ts_cuda.node');

function log(message) {
  console.log(`[backend-cuda build] ${message}`);
}

function skip(reason) {
  mkdirSync(buildDirectory, { recursive: true });
  rmSync(join(buildDirectory, 'keras_ts_cuda.node'), { force: true });
  // A binary from an earlier build must not be packed as if it were current.
  rmSync(platformAddon, { force: true });
  writeFileSync(join(buildDirectory, 'skipped.json'), `${JSON.stringify({ reason }, null, 2)}\n`);
  log(`skipped: ${reason}`);
  process.exit(prebuild ? 1 : 0);
}

/** Copies the addon into the platform package (in this repository, on a host it fits), stripped. */
function fillPlatformPackage(addon) {
  const manifestPath = join(platformDirectory, 'package.json');
  if (!existsSync(manifestPath)) return 'no platform package beside this package; nothing to fill';
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (architectures.join(',') !== '80,90') {
    rmSync(platformAddon, { force: true });
    if (prebuild) throw new Error(`KERAS_TS_CUDA_ARCHS=${architectures.join(',')}: the prebuilt package is built for 80,90 (+ PTX) only`);
    return `built for ${architectures.join(',')}, not the published 80,90; ${manifest.name} left without an addon`;
  }
  if (!manifest.os.includes(process.platform) || !manifest.cpu.includes(process.arch)) {
    if (prebuild) throw new Error(`${manifest.name} is for ${manifest.os}/${manifest.cpu}, not this ${process.platform}/${process.arch}`);
    return `${manifest.name} is not for this host; left as it is`;
  }
  copyFileSync(addon, `${platformAddon}.tmp`);
  // Symbols only: the fat binary (SASS for sm_80/sm_90, PTX) lives in its own section and stays.
  spawnSync('strip', ['--strip-unneeded', `${platformAddon}.tmp`]);
  renameSync(`${platformAddon}.tmp`, platformAddon);
  return `filled ${manifest.name} with keras_ts_cuda.node (${(statSync(platformAddon).size / 1024 / 1024).toFixed(2)} MB)`;
}

function findNvcc() {
  const candidates = [];
  if (process.env.NVCC) candidates.push(process.env.NVCC);
  for (const home of [process.env.CUDA_HOME, process.env.CUDA_PATH]) if (home) candidates.push(join(home, 'bin', 'nvcc'));
  for (const directory of (process.env.PATH ?? '').split(':')) if (directory) candidates.push(join(directory, 'nvcc'));
  candidates.push('/usr/local/cuda/bin/nvcc');
  return candidates.find((candidate) => existsSync(candidate));
}

/** The CUDA toolkit root that holds include/cuda_runtime.h and the static cudart. */
function findToolkit(nvcc) {
  const homes = [process.env.CUDA_HOME, process.env.CUDA_PATH, resolve(dirname(nvcc), '..'), '/usr/local/cuda'];
  for (const home of homes) {
    if (!home) continue;
    const libraryDirectory = ['lib64', 'lib', 'targets/x86_64-linux/lib'].map((d) => join(home, d)).find((d) => existsSync(join(d, 'libcudart_static.a')));
    if (existsSync(join(home, 'include', 'cuda_runtime.h')) && libraryDirectory) return { home, libraryDirectory };
  }
  return undefined;
}

/** Wheels to take headers from: KERAS_TS_CUDA_WHEELS (colon-separated folders) or /opt/pypi-more/files. */
function findWheel(prefix) {
  const folders = (process.env.KERAS_TS_CUDA_WHEELS ?? '/opt/pypi-more/files').split(':').filter(Boolean);
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    const match = readdirSync(folder)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.whl'))
      .sort()
      .pop();
    if (match) return join(folder, match);
  }
  return undefined;
}

/** Unpacks only the headers of a wheel (the libraries are hundreds of MB and are opened at run time). */
function unpackHeaders(wheel, destination, marker) {
  if (existsSync(join(destination, marker))) return;
  mkdirSync(destination, { recursive: true });
  const script = [
    'import sys, zipfile, os',
    'z = zipfile.ZipFile(sys.argv[1])',
    'for n in z.namelist():',
    "    if '/include/' in n and n.endswith('.h'):",
    '        open(os.path.join(sys.argv[2], os.path.basename(n)), "wb").write(z.read(n))',
  ].join('\n');
  execFileSync('python3', ['-c', script, wheel, destination], { stdio: 'inherit' });
}

function headerDirectory(name, wheelPrefix, marker) {
  const fromEnvironment = process.env[`KERAS_TS_${name.toUpperCase()}_INCLUDE`];
  if (fromEnvironment && existsSync(join(fromEnvironment, marker))) return fromEnvironment;
  for (const system of ['/usr/include', '/usr/local/cuda/include']) if (existsSync(join(system, marker))) return system;
  const wheel = findWheel(wheelPrefix);
  if (!wheel) return undefined;
  const destination = join(nvidiaDirectory, name, 'include');
  unpackHeaders(wheel, destination, marker);
  return existsSync(join(destination, marker)) ? destination : undefined;
}

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status}): ${args.join(' ')}`);
  return (Date.now() - started) / 1000;
}

function newer(target, sources) {
  if (!existsSync(target)) return false;
  const time = statSync(target).mtimeMs;
  return sources.every((source) => statSync(source).mtimeMs < time);
}

function filesUnder(directory, extension) {
  return readdirSync(directory, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(extension))
    .map((name) => join(directory, name));
}

const nvcc = findNvcc();
if (!nvcc) skip('nvcc was not found (set NVCC or CUDA_HOME, or put nvcc on the PATH); the cuda backend needs the CUDA 12/13 toolkit to build.');
const toolkit = findToolkit(nvcc);
if (!toolkit) skip(`nvcc is at ${nvcc} but no toolkit with include/cuda_runtime.h and libcudart_static.a was found next to it (set CUDA_HOME).`);
const cublasInclude = headerDirectory('cublas', 'nvidia_cublas', 'cublas_v2.h');
if (!cublasInclude)
  skip('cuBLAS headers (cublas_v2.h) were not found: set KERAS_TS_CUBLAS_INCLUDE or KERAS_TS_CUDA_WHEELS to a folder holding an nvidia_cublas wheel.');
const cudnnInclude = headerDirectory('cudnn', 'nvidia_cudnn', 'cudnn.h');
if (!cudnnInclude)
  skip('cuDNN headers (cudnn.h) were not found: set KERAS_TS_CUDNN_INCLUDE or KERAS_TS_CUDA_WHEELS to a folder holding an nvidia_cudnn wheel.');

const nodeInclude = [join(process.execPath, '..', '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].find((d) =>
  existsSync(join(d, 'node_api.h')),
);
if (!nodeInclude) skip('node_api.h was not found (install the Node.js headers, e.g. the nodejs-dev package).');
const addonApiInclude = dirname(require.resolve('node-addon-api/napi.h'));

mkdirSync(objectDirectory, { recursive: true });
rmSync(join(buildDirectory, 'skipped.json'), { force: true });
const includes = [
  `-I${toolkit.home}/include`,
  `-I${cublasInclude}`,
  `-I${cudnnInclude}`,
  `-I${nodeInclude}`,
  `-I${addonApiInclude}`,
  `-I${join(packageRoot, 'native')}`,
];
const headers = [...filesUnder(join(packageRoot, 'native'), '.h'), ...filesUnder(join(packageRoot, 'native'), '.cuh')];
const architectures = (process.env.KERAS_TS_CUDA_ARCHS ?? '80,90').split(',').map((a) => a.trim());
const gencode = architectures.flatMap((arch) => ['-gencode', `arch=compute_${arch},code=sm_${arch}`]);
const last = architectures[architectures.length - 1];
gencode.push('-gencode', `arch=compute_${last},code=compute_${last}`);

const objects = [];
const timings = {};
for (const source of filesUnder(join(packageRoot, 'native'), '.cu')) {
  const object = join(objectDirectory, `${source.slice(packageRoot.length + 1).replaceAll('/', '_')}.o`);
  objects.push(object);
  if (newer(object, [source, ...headers])) continue;
  log(`nvcc ${source.slice(packageRoot.length + 1)} (${architectures.map((a) => `sm_${a}`).join(', ')} + PTX)`);
  timings[source.slice(packageRoot.length + 1)] = run(nvcc, ['-std=c++17', '-O3', '-Xcompiler', '-fPIC', ...gencode, ...includes, '-c', source, '-o', object]);
}
for (const source of filesUnder(join(packageRoot, 'native'), '.cc')) {
  const object = join(objectDirectory, `${source.slice(packageRoot.length + 1).replaceAll('/', '_')}.o`);
  objects.push(object);
  if (newer(object, [source, ...headers])) continue;
  log(`c++ ${source.slice(packageRoot.length + 1)}`);
  timings[source.slice(packageRoot.length + 1)] = run('c++', [
    '-std=c++17',
    '-O2',
    '-fPIC',
    '-fvisibility=hidden',
    '-DNAPI_VERSION=8',
    '-DNAPI_CPP_EXCEPTIONS',
    '-DNODE_ADDON_API_DISABLE_DEPRECATED',
    ...includes,
    '-c',
    source,
    '-o',
    object,
  ]);
}
const output = join(buildDirectory, 'keras_ts_cuda.node');
log('link (cudart static)');
timings.link = run(nvcc, ['-shared', ...gencode, '-o', output, ...objects, `-L${toolkit.libraryDirectory}`, '-lcudart_static', '-ldl', '-lpthread', '-lrt']);
writeFileSync(join(buildDirectory, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
log(`built ${output} (seconds: ${JSON.stringify(timings)})`);
log(fillPlatformPackage(output));
