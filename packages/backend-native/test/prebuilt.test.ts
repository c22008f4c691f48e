// After `pnpm build`, the prebuilt platform package holds a small, stripped, loadable addon and
// packs with it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPlatform } from '@keras-ts/backend-kit/addon';

const require = createRequire(import.meta.url);
const packageName = '@keras-ts/backend-native-linux-x64-gnu';
const sourceBuild = new URL('../build/Release/keras_ts_native.node', import.meta.url);
const host = hostPlatform();
const fits = host.os === 'linux' && host.cpu === 'x64' && host.libc === 'glibc';
const built = existsSync(sourceBuild);
const skipReason = !fits
  ? `${packageName} is not for this ${host.os}-${host.cpu}`
  : built
    ? 'addon built'
    : 'the addon was not built here (see build/native-status.json)';

describe.skipIf(!fits || !built)(`${packageName} after the build (${skipReason})`, () => {
  const directory = dirname(require.resolve(`${packageName}/package.json`));
  const addon = join(directory, 'keras_ts_native.node');

  it('declares the platform it is for and ships only the addon', () => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ os: ['linux'], cpu: ['x64'], libc: ['glibc'] });
    expect(manifest.files).toContain('keras_ts_native.node');
  });

  it('holds a stripped addon far smaller than the old statically linked 26 MB one', () => {
    expect(existsSync(addon)).toBe(true);
    expect(statSync(addon).size).toBeLessThan(4 * 1024 * 1024);
    expect(execFileSync('readelf', ['-S', '--wide', addon], { encoding: 'utf8' })).not.toMatch(/\.debug_info|\.symtab/);
  });

  it('loads in a fresh Node process and runs OpenBLAS', () => {
    const script = `const a = require(${JSON.stringify(addon)}); process.stdout.write(JSON.stringify({ core: a.blasCore(), threads: a.getThreads() }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { core: string; threads: number };
    expect(result.core.length).toBeGreaterThan(0);
    expect(result.threads).toBeGreaterThan(0);
  });

  it('packs with the addon', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: directory, encoding: 'utf8' })) as Array<{
      files: Array<{ path: string }>;
    }>;
    expect(packed[0]?.files.map((file) => file.path)).toContain('keras_ts_native.node');
  });
});
