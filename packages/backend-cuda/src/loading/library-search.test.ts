import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLibrary } from './library-search.js';

const root = mkdtempSync(join(tmpdir(), 'keras-ts-cuda-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(...parts: string[]): string {
  const path = join(root, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

const explicit = touch('explicit', 'libcublas.so.13');
const site = join(root, 'venv', 'lib', 'python3.12', 'site-packages');
const wheelCublas = touch('venv', 'lib', 'python3.12', 'site-packages', 'nvidia', 'cu13', 'lib', 'libcublas.so.13');
const wheelCudnn = touch('venv', 'lib', 'python3.12', 'site-packages', 'nvidia', 'cudnn', 'lib', 'libcudnn.so.9');
const cuda12Site = join(root, 'old-site');
const cuda12Cublas = touch('old-site', 'nvidia', 'cublas', 'lib', 'libcublas.so.12');
const ldCudnn = touch('ld', 'libcudnn.so.9');

describe('resolveLibrary', () => {
  it('takes KERAS_TS_CUDA_LIBRARY_PATH first, before a wheel that also has the library', () => {
    const found = resolveLibrary('cublas', { env: { KERAS_TS_CUDA_LIBRARY_PATH: `${join(root, 'missing')}:${join(root, 'explicit')}` }, sitePackages: [site] });
    expect(found).toEqual({ path: explicit, source: 'environment' });
  });

  it('finds the CUDA 13 wheel layout (nvidia/cu13/lib) and the cuDNN wheel (nvidia/cudnn/lib)', () => {
    expect(resolveLibrary('cublas', { env: {}, sitePackages: [site] })).toEqual({ path: wheelCublas, source: 'wheel' });
    expect(resolveLibrary('cudnn', { env: {}, sitePackages: [site] })).toEqual({ path: wheelCudnn, source: 'wheel' });
  });

  it('finds the CUDA 12 wheel layout (nvidia/cublas/lib, libcublas.so.12)', () => {
    expect(resolveLibrary('cublas', { env: {}, sitePackages: [cuda12Site] })).toEqual({ path: cuda12Cublas, source: 'wheel' });
  });

  it('searches site-packages folders in order and prefers the newer soname within a folder', () => {
    expect(resolveLibrary('cublas', { env: {}, sitePackages: [cuda12Site, site] }).path).toBe(cuda12Cublas);
    const both = join(root, 'both');
    touch('both', 'libcublas.so.12');
    const newer = touch('both', 'libcublas.so.13');
    expect(resolveLibrary('cublas', { env: { KERAS_TS_CUDA_LIBRARY_PATH: both } }).path).toBe(newer);
  });

  it('then LD_LIBRARY_PATH, then the bare soname for the system loader', () => {
    expect(resolveLibrary('cudnn', { env: { LD_LIBRARY_PATH: join(root, 'ld') }, sitePackages: [] })).toEqual({ path: ldCudnn, source: 'ld-library-path' });
    expect(resolveLibrary('cudnn', { env: {}, sitePackages: [join(root, 'nothing')] })).toEqual({ path: 'libcudnn.so.9', source: 'system' });
    expect(resolveLibrary('cublas', { env: {}, sitePackages: [] })).toEqual({ path: 'libcublas.so.13', source: 'system' });
  });

  it('uses the injected existence check', () => {
    const seen: string[] = [];
    resolveLibrary('cudnn', {
      env: { KERAS_TS_CUDA_LIBRARY_PATH: '/a' },
      sitePackages: ['/s'],
      exists: (path) => {
        seen.push(path);
        return false;
      },
    });
    expect(seen).toEqual(['/a/libcudnn.so.9', '/a/libcudnn.so', '/s/nvidia/cudnn/lib/libcudnn.so.9', '/s/nvidia/cudnn/lib/libcudnn.so']);
  });
});
