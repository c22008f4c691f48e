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
