import { AdaptiveThreads, type ThreadGovernor } from '@keras-ts/backend-kit';
import { ValueError } from '@keras-ts/common';
/** Threads the wasm backend asks XNNPACK for; `undefined` means "decide from the machine". */
let requestedThreads: number | undefined;

/**
 * Sets how many threads the 'wasm' backend uses (XNNPACK's thread pool). Call it before the
 * backend initialises (before `setBackend('wasm')` or the first op). `1` selects the
 * single-threaded SIMD build. The environment variable `KERAS_TS_WASM_THREADS` sets the same.
 */
export function setThreadsCount(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError(`setThreadsCount(threads) expects a positive integer, got ${threads}. Pass 1 to disable threads.`);
  }
  requestedThreads = threads;
}

/** The thread count the backend will use (or uses) in this process. */
export function requestedThreadsCount(hardwareThreads: number): number {
  if (requestedThreads !== undefined) return requestedThreads;
  const fromEnvironment = typeof process === 'undefined' ? undefined : process.env?.KERAS_TS_WASM_THREADS;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    const parsed = Number(fromEnvironment);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new ValueError(`KERAS_TS_WASM_THREADS must be a positive integer, got '${fromEnvironment}'.`);
    }
    return parsed;
  }
  // XNNPACK's pool tops out at the 8 workers the stock build pre-spawns.
  return Math.max(1, Math.min(hardwareThreads, 8));
}

/** Whether kernels follow the free cores, and the governor the Node loader installed. */
const adaptiveThreads = new AdaptiveThreads('setAdaptiveThreads');

/**
 * Turns on or off threads that follow the cores actually free (on by default, for the threaded
 * build in Node). With it on, while other processes keep cores busy every kernel runs on one
 * thread and large heap products on as many threads as there are free cores, because a thread
 * pool whose threads wait for a core is slower than one thread; the estimate is renewed every
 * 0.5 s from the machine's idle time and this process's processor time. Off, kernels always use
 * the configured count (`setThreadsCount`). May be called at any time. `KERAS_TS_ADAPTIVE_THREADS=0`
 * turns it off from the environment.
 */
export function setAdaptiveThreads(enabled: boolean): void {
  adaptiveThreads.setEnabled(enabled);
}

/** Makes `next` the estimate of free cores the kernels follow (`undefined`: none; the loader decides); returns the previous one. */
export function installThreadGovernor(next: ThreadGovernor | undefined): ThreadGovernor | undefined {
  return adaptiveThreads.install(next);
}

/** Whether threads follow the free cores now (a governor is installed and adaptive threads are on). */
export function threadsAreAdaptive(): boolean {
  return adaptiveThreads.active;
}

/** Threads kernels may use now, at most `configured` (the pool's): fewer while cores are busy (see {@link setAdaptiveThreads}). */
export function threadsNow(configured: number): number {
  return adaptiveThreads.threads(configured);
}
