import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutNewProcessHandlers } from './process-handlers.js';

const fixture = fileURLToPath(new URL('../__fixtures__/uncaught-error.ts', import.meta.url));

function crash(mode: 'exception' | 'rejection', threads?: string) {
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, mode], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, KERAS_TS_WASM_THREADS: threads ?? '' },
  });
}

describe("emscripten's process handlers", () => {
  it('are removed when added during the call, and only those', () => {
    const before = () => {};
    const during = () => {};
    process.on('uncaughtException', before);
    try {
      const result = withoutNewProcessHandlers(() => {
        process.on('uncaughtException', during);
        process.on('unhandledRejection', during);
        return 42;
      });
      expect(result).toBe(42);
      expect(process.listeners('uncaughtException')).toContain(before);
      expect(process.listeners('uncaughtException')).not.toContain(during);
      expect(process.listeners('unhandledRejection')).not.toContain(during);
    } finally {
      process.off('uncaughtException', before);
    }
  });

  // Before the fix: exit code 7 and 38–55 KB of minified emscripten source on stderr.
  it.each([
    ['an uncaught exception', 'exception', undefined],
    ['an uncaught exception with the single-threaded build', 'exception', '1'],
    ['an unhandled rejection', 'rejection', '1'],
  ] as const)("let %s after the backend loads end the process as Node does: code 1, the user's error, a short stderr", (_, mode, threads) => {
    const child = crash(mode, threads);
    expect(child.error, 'the process did not exit within 30 s').toBeUndefined();
    expect(child.stdout).toContain('backend ready: wasm');
    expect(child.status, child.stderr.slice(0, 2000)).toBe(1);
    expect(child.stderr).toContain(`fixture: ${mode === 'rejection' ? 'unhandled rejection' : 'uncaught exception'} after the wasm backend loaded`);
    expect(child.stderr.length).toBeLessThan(4096);
  });
});
