import { ValueError } from '@keras-ts/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adaptiveThreadsFromEnvironment, freeCoresBetween, type ProcessorSample, processorSample, ThreadGovernor } from './free-cores.js';

const sample = (atMs: number, idleMs: number, ownMs: number, cores = 2): ProcessorSample => ({ atMs, idleMs, ownMs, cores });

describe('processorSample', () => {
  it('sums idle time over the processors and converts the process time from µs', () => {
    const read = processorSample({
      cpus: () => [{ times: { idle: 100 } }, { times: { idle: 250 } }, { times: { idle: 5 } }],
      cpuUsage: () => ({ user: 1500, system: 2500 }),
      now: () => 42,
    });
    expect(read).toEqual({ atMs: 42, idleMs: 355, ownMs: 4, cores: 3 });
  });
});

describe('freeCoresBetween', () => {
  it('counts idle cores and the cores this process used', () => {
    // 1 s: the machine idled 0.5 s in all, this process used 1.2 s of processor time.
    expect(freeCoresBetween(sample(0, 0, 0), sample(1000, 500, 1200))).toBeCloseTo(1.7, 12);
  });

  it('counts time taken by others (or stolen) as not free', () => {
    // Another process kept one of two cores busy; this one used the other: one core free to it.
    expect(freeCoresBetween(sample(10, 300, 40), sample(510, 300, 540))).toBe(1);
  });

  it('clamps to [0, cores] and answers undefined when no time passed', () => {
    expect(freeCoresBetween(sample(0, 0, 0), sample(100, 150, 100))).toBe(2);
    expect(freeCoresBetween(sample(0, 50, 0), sample(100, 40, 0))).toBe(0);
    expect(freeCoresBetween(sample(5, 0, 0), sample(5, 10, 10))).toBeUndefined();
  });
});

/** A governor over a scripted machine: `step(ms, idleCores, ownCores)` advances the clock. */
function scripted(maxThreads: number, cores = 4) {
  let at = 0;
  let idle = 0;
  let own = 0;
  const sampler = vi.fn(() => sample(at, idle, own, cores));
  const governor = new ThreadGovernor({ maxThreads, sample: sampler, now: () => at, intervalMs: 500 });
  const step = (ms: number, idleCores: number, ownCores: number) => {
    at += ms;
    idle += ms * idleCores;
    own += ms * ownCores;
  };
  return { governor, sampler, step };
}

describe('ThreadGovernor', () => {
  it('answers maxThreads until the first interval has passed', () => {
    const { governor, step } = scripted(4);
    step(499, 0, 1);
    expect(governor.threads()).toBe(4);
    expect(governor.freeCores).toBeUndefined();
  });

  it('follows the free cores, rounded to the nearest whole core (halves down), within [1, maxThreads]', () => {
    const { governor, step } = scripted(4);
    const cases: [idle: number, own: number, threads: number][] = [
      [0, 1, 1],
      [0.2, 1.3, 1], // 1.5 free: halves round down
      [0.3, 1.3, 2], // 1.6
      [1, 2, 3],
      [2, 2, 4],
      [0, 0, 1], // nothing free: still one thread
    ];
    for (const [idle, own, threads] of cases) {
      step(600, idle, own);
      expect(governor.threads()).toBe(threads);
      expect(governor.freeCores).toBeCloseTo(idle + own, 12);
    }
  });

  it('never answers more than maxThreads', () => {
    const { governor, step } = scripted(2);
    step(1000, 4, 0);
    expect(governor.threads()).toBe(2);
  });

  it('samples at most once per interval, however often it is asked', () => {
    const { governor, sampler, step } = scripted(2);
    expect(sampler).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) {
      step(20, 0, 1);
      governor.threads();
    }
    // 2000 ms: four intervals of 500 ms after the first sample.
    expect(sampler).toHaveBeenCalledTimes(5);
    expect(governor.threads()).toBe(1);
  });

  it('rejects a maxThreads that is not a positive integer and a non-positive interval', () => {
    const read = () => sample(0, 0, 0);
    expect(() => new ThreadGovernor({ maxThreads: 0, sample: read })).toThrow(ValueError);
    expect(() => new ThreadGovernor({ maxThreads: 1.5, sample: read })).toThrow(/positive integer, got 1.5/);
    expect(() => new ThreadGovernor({ maxThreads: 2, sample: read, intervalMs: 0 })).toThrow(/intervalMs must be positive/);
  });
});

describe('adaptiveThreadsFromEnvironment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is on unless KERAS_TS_ADAPTIVE_THREADS says 0 or false', () => {
    for (const [value, on] of [
      ['', true],
      ['1', true],
      ['TRUE', true],
      ['0', false],
      ['false', false],
      ['False', false],
    ] as const) {
      vi.stubEnv('KERAS_TS_ADAPTIVE_THREADS', value);
      expect(adaptiveThreadsFromEnvironment(), value).toBe(on);
    }
    delete process.env.KERAS_TS_ADAPTIVE_THREADS;
    expect(adaptiveThreadsFromEnvironment()).toBe(true);
  });

  it('rejects other values, naming the accepted ones', () => {
    vi.stubEnv('KERAS_TS_ADAPTIVE_THREADS', 'maybe');
    expect(() => adaptiveThreadsFromEnvironment()).toThrow(ValueError);
    expect(() => adaptiveThreadsFromEnvironment()).toThrow(/'1', 'true', '0' or 'false', got 'maybe'/);
  });
});

describe("Node's processor counters under real load", () => {
  it('finds no core free while other processes keep every core busy', async () => {
    const { spawn } = await import('node:child_process');
    const { availableParallelism, cpus } = await import('node:os');
    const counters = { cpus, cpuUsage: () => process.cpuUsage(), now: () => performance.now() };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // One busy process per core; this one sleeps meanwhile.
    const hogs = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    try {
      await sleep(400);
      const governor = new ThreadGovernor({ maxThreads: availableParallelism(), sample: () => processorSample(counters), intervalMs: 300 });
      await sleep(700);
      expect(governor.threads()).toBe(1);
      expect(governor.freeCores).toBeLessThan(1);
    } finally {
      for (const hog of hogs) hog.kill('SIGKILL');
    }
  });
});
