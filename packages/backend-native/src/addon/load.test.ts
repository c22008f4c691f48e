import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backendStatus, nativeKernelNames, nativeStatus } from '../index.js';
import { ADDON_PATH_VARIABLE, addonCandidates, explainLoadError } from './load.js';

describe('registration follows the addon status', () => {
  it.runIf(nativeStatus.available)("registers 'native' with its C++ kernels when the addon loaded", () => {
    expect(nativeStatus.reason).toBe('');
    expect(backendStatus()).toEqual({ available: true });
    expect(tf.findBackendFactory('native')).not.toBeNull();
    for (const kernel of ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'UnsortedSegmentSum'])
      expect(nativeKernelNames).toContain(kernel);
  });

  it.runIf(!nativeStatus.available)("leaves 'native' unregistered and records why when no addon loads", () => {
    expect(nativeStatus.reason).toMatch(/^no native addon could be loaded for /);
    expect(backendStatus()).toEqual({ available: false, reason: nativeStatus.reason, failedAt: 'registration' });
    expect(tf.findBackendFactory('native')).toBeNull();
    expect(nativeKernelNames).toEqual([]);
  });
});

describe('where the loader looks', () => {
  const folder = mkdtempSync(join(tmpdir(), 'native-load-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('tries only the override when KERAS_TS_NATIVE_ADDON is set', () => {
    expect(addonCandidates({ [ADDON_PATH_VARIABLE]: '/nowhere/keras_ts_native.node' })).toEqual([
      { source: ADDON_PATH_VARIABLE, path: '/nowhere/keras_ts_native.node' },
    ]);
  });

  it('tries the source build, then the prebuilt platform package', () => {
    const candidates = addonCandidates({});
    expect(candidates.map((candidate) => candidate.source)).toEqual([
      'source build',
      process.platform === 'linux' && process.arch === 'x64' ? '@keras-ts/backend-native-linux-x64-gnu' : 'prebuilt',
    ]);
    expect(candidates[0]?.path).toMatch(/build\/Release\/keras_ts_native\.node$/);
  });

  it('explains the loader errors a user can fix', () => {
    expect(explainLoadError('libopenblas.so.0: cannot open shared object file: No such file or directory')).toMatch(/apt-get install libopenblas0/);
    expect(explainLoadError("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found")).toMatch(/npx @keras-ts\/backend-native build/);
    const notElf = join(folder, 'not-elf.node');
    writeFileSync(notElf, 'text');
    expect(explainLoadError(`${notElf}: invalid ELF header`)).toMatch(/not an addon for this platform/);
    expect(explainLoadError('something else')).toBeUndefined();
  });
});
