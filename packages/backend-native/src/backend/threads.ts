import { availableParallelism } from 'node:os';
import { ValueError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';

/**
 * The thread count used when the backend registers: KERAS_TS_NATIVE_THREADS when set,
 * otherwise every core Node reports (`os.availableParallelism()`).
 */
export function defaultNativeThreads(): number {
  const fromEnvironment = Number.parseInt(process.env.KERAS_TS_NATIVE_THREADS ?? '', 10);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : Math.max(1, availableParallelism());
}

/**
 * Sets how many threads OpenBLAS uses for matrix products and convolutions (gemm).
 * The elementwise, pooling and copy kernels run on the calling thread.
 */
export function setNativeThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new ValueError(`setNativeThreads: threads must be a positive integer, got ${threads}. Pass e.g. os.availableParallelism().`);
  nativeAddon().setThreads(threads);
}

/** The number of threads OpenBLAS currently uses. */
export function getNativeThreads(): number {
  return nativeAddon().getThreads();
}

/** OpenBLAS's build configuration and the CPU kernel set it chose at run time. */
export function blasInfo(): { config: string; core: string } {
  const addon = nativeAddon();
  return { config: addon.blasConfig().trim(), core: addon.blasCore() };
}
