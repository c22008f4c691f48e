import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { requestedThreadsCount, setThreadsCount } from './threads.js';

describe('thread count', () => {
  afterEach(() => {
    delete process.env.KERAS_TS_WASM_THREADS;
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => setThreadsCount(0)).toThrow('setThreadsCount(threads) expects a positive integer, got 0. Pass 1 to disable threads.');
    expect(() => setThreadsCount(1.5)).toThrow(/got 1.5/);
  });

  it('reads KERAS_TS_WASM_THREADS and rejects bad values', () => {
    process.env.KERAS_TS_WASM_THREADS = '3';
    expect(requestedThreadsCount(16)).toBe(3);
    process.env.KERAS_TS_WASM_THREADS = 'many';
    expect(() => requestedThreadsCount(16)).toThrow("KERAS_TS_WASM_THREADS must be a positive integer, got 'many'.");
  });

  it('defaults to the hardware threads, at most 8', () => {
    expect(requestedThreadsCount(2)).toBe(2);
    expect(requestedThreadsCount(64)).toBe(8);
  });

  it('runs threaded in a plain Node process that still exits by itself', () => {
    const fixture = fileURLToPath(new URL('./__fixtures__/threaded-process.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.error, 'the process did not exit within 30 s (live worker threads?)').toBeUndefined();
    expect(child.status, child.stderr.slice(-1000)).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      backend: string;
      info: { binary: string; threads: number };
      corner: number;
    };
    expect(report.backend).toBe('wasm');
    expect(report.corner).toBe(64);
    const expectedThreads = Math.min(availableParallelism(), 8);
    expect(report.info.threads).toBe(expectedThreads);
    expect(report.info.binary).toBe(expectedThreads > 1 ? 'threaded-simd' : 'simd');
  });
});
