import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeAttempts, hostPlatform, loadFirstAddon } from './load-addon.js';

const folder = mkdtempSync(join(tmpdir(), 'kit-addon-'));
const broken = join(folder, 'broken.node');
const good = join(folder, 'good.node');
writeFileSync(broken, '');
writeFileSync(good, '');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Stands in for require(): the "broken" file fails the way a missing shared library does.
const load = (path: string) => {
  if (path === broken) throw new Error(`${path}: libopenblas.so.0: cannot open shared object file: No such file or directory`);
  return { from: path };
};

describe('loadFirstAddon', () => {
  it('returns the first candidate that loads and records every earlier failure precisely', () => {
    const result = loadFirstAddon(
      [
        { source: 'override', path: join(folder, 'nowhere.node') },
        { source: 'source build', path: join(folder, 'unbuilt.node'), whenMissing: 'not built: no C++ compiler' },
        {
          source: '@scope/prebuilt',
          path: () => {
            throw new Error("Cannot find module '@scope/prebuilt/x.node'");
          },
          whenUnresolved: 'not installed',
        },
        { source: 'system', path: broken },
        { source: 'last', path: good },
      ],
      { load, explain: (message) => (message.includes('libopenblas.so.0') ? 'apt-get install libopenblas0' : undefined) },
    );
    expect(result.addon).toEqual({ from: good });
    expect(result.source).toBe('last');
    expect(result.attempts.map((attempt) => attempt.error)).toEqual([
      'file not found',
      'not built: no C++ compiler',
      'not installed',
      `${broken}: libopenblas.so.0: cannot open shared object file: No such file or directory — apt-get install libopenblas0`,
    ]);
    expect(describeAttempts(result.attempts)).toContain(`override (${join(folder, 'nowhere.node')}): file not found; source build (`);
  });

  it('never throws and returns no addon when nothing loads', () => {
    const result = loadFirstAddon([{ source: 'system', path: broken }], { load });
    expect(result.addon).toBeUndefined();
    expect(result.attempts).toHaveLength(1);
  });
});

describe('hostPlatform', () => {
  it('names the host in package.json os/cpu/libc terms', () => {
    const host = hostPlatform();
    expect(host.os).toBe(process.platform);
    expect(host.cpu).toBe(process.arch);
    if (process.platform === 'linux') expect(['glibc', 'musl']).toContain(host.libc);
  });
});
