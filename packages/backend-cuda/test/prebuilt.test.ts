// After `pnpm build` (with nvcc), the prebuilt platform package holds a stripped addon with
// sm_80 / sm_90 code and PTX, which loads in a fresh Node process and probes the GPU; without a
// driver the status says so plainly.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPlatform } from '@keras-ts/backend-kit/addon';
import type { ProbeResult } from '../src/native/addon-types.js';
import { probeCuda } from '../src/status/cuda-status.js';

const require = createRequire(import.meta.url);
const packageName = '@keras-ts/backend-cuda-linux-x64';
const sourceBuild = new URL('../build/keras_ts_cuda.node', import.meta.url);
const host = hostPlatform();
const fits = host.os === 'linux' && host.cpu === 'x64' && host.libc === 'glibc';
const built = existsSync(sourceBuild);
const skipReason = !fits
  ? `${packageName} is not for this ${host.os}-${host.cpu}`
  : built
    ? 'addon built'
    : 'the addon was not built here (see build/skipped.json)';

describe.skipIf(!fits || !built)(`${packageName} after the build (${skipReason})`, () => {
  const directory = dirname(require.resolve(`${packageName}/package.json`));
  const addon = join(directory, 'keras_ts_cuda.node');

  it('declares the platform it is for and ships only the addon', () => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ os: ['linux'], cpu: ['x64'], libc: ['glibc'] });
    expect(manifest.files).toContain('keras_ts_cuda.node');
  });

  it('holds a stripped addon that keeps its GPU code (sm_80, sm_90 and PTX)', () => {
    expect(statSync(addon).size).toBeLessThan(8 * 1024 * 1024);
    const sections = execFileSync('readelf', ['-S', '--wide', addon], { encoding: 'utf8' });
    expect(sections).not.toMatch(/\.symtab|\.debug_info/);
    expect(sections).toMatch(/\.nv_fatbin/);
    const text = readFileSync(addon).toString('latin1');
    expect(text).toContain('-arch sm_80');
    expect(text).toContain('-arch sm_90');
  });

  it('loads in a fresh Node process and probes; without a driver the status says "no CUDA driver"', () => {
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(addon)}).probe()));`;
    const probe = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as ProbeResult;
    expect(probe.runtimeVersion).toBeGreaterThanOrEqual(13000);
    if (probe.driverLibraryError !== undefined) {
      const { status } = probeCuda({ load: () => ({ addon: { probe: () => probe } as never, path: addon }) });
      expect(status.reason).toMatch(/^no CUDA driver \(libcuda\.so\.1 not found\)/);
    } else {
      expect(probe.deviceCount + (probe.error === undefined ? 0 : 1)).toBeGreaterThan(0);
    }
  });

  it('packs with the addon', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: directory, encoding: 'utf8' })) as Array<{
      files: Array<{ path: string }>;
    }>;
    expect(packed[0]?.files.map((file) => file.path)).toContain('keras_ts_cuda.node');
  });
});
