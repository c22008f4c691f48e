import { availableParallelism, cpus } from 'node:os';
import type * as tf from '@tensorflow/tfjs-core';
import { AdaptiveThreads, processorSample, ThreadGovernor } from '@keras-ts/backend-kit';
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

/** The count `setNativeThreads` set: the most OpenBLAS may use. */
let configured = 1;
/** Whether OpenBLAS follows the free cores, and the governor (while `configured` > 1). */
const adaptiveThreads = new AdaptiveThreads('setAdaptiveNativeThreads');
/** The count last handed to OpenBLAS. */
let applied = 0;

function apply(threads: number): void {
  if (threads === applied) return;
  nativeAddon().setThreads(threads);
  applied = threads;
}

const sampleProcessors = () => processorSample({ cpus });

/**
 * Sets how many threads OpenBLAS uses for matrix products and convolutions (gemm): the most it
 * uses; while other processes keep cores busy it uses fewer (see {@link setAdaptiveNativeThreads}).
 * The fused optimizer updates and seeded noise fills of at least 65,536 elements, and whole-array
 * binary maps of at least 131,072, are split over as many threads (helpers pinned to the other
 * cores); the other elementwise, pooling and copy kernels run on the calling thread.
 */
export function setNativeThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new ValueError(`setNativeThreads: threads must be a positive integer, got ${threads}. Pass e.g. os.availableParallelism().`);
  configured = threads;
  adaptiveThreads.install(threads > 1 ? new ThreadGovernor({ maxThreads: threads, sample: sampleProcessors }) : undefined);
  applied = 0;
  apply(threads);
}

/** The number of threads OpenBLAS uses now: the configured count, or fewer while cores are busy. */
export function getNativeThreads(): number {
  return nativeAddon().getThreads();
}

/**
 * Turns on or off OpenBLAS threads that follow the cores actually free (on by default). With it
 * on, while other processes keep cores busy products and convolutions run on as many threads as
 * there are free cores (at least 1, at most `setNativeThreads`'s count), because OpenBLAS's
 * threads spin waiting for each other when a core is taken — measured on 2 cores with one other
 * busy process: a seed-004 MLP `fit` epoch 5.8–7.0 s on 2 threads against 3.3 s on 1. The
 * estimate is renewed every 0.5 s from the machine's idle time and this process's processor time.
 * `KERAS_TS_ADAPTIVE_THREADS=0` turns it off from the environment.
 */
export function setAdaptiveNativeThreads(enabled: boolean): void {
  adaptiveThreads.setEnabled(enabled);
  if (!enabled && applied !== 0) apply(configured);
}

/** Whether OpenBLAS's threads follow the free cores now (more than one thread configured, adaptive on). */
export function nativeThreadsAreAdaptive(): boolean {
  return adaptiveThreads.active;
}

/**
 * Brings OpenBLAS's thread count up to date with the free cores (a clock read, and a sample of the
 * processor counters every 0.5 s): called before every native kernel and compiled step.
 */
export function followFreeCores(): void {
  if (applied !== 0) apply(adaptiveThreads.threads(configured));
}

/** `config` with {@link followFreeCores} run before its kernel function. */
export function followingFreeCores(config: tf.KernelConfig): tf.KernelConfig {
  const { kernelFunc } = config;
  return {
    ...config,
    kernelFunc: (args) => {
      followFreeCores();
      return kernelFunc(args);
    },
  };
}

/** Replaces the estimate of free cores (tests script a machine with it); returns the previous one. */
export function installNativeThreadGovernor(next: ThreadGovernor | undefined): ThreadGovernor | undefined {
  return adaptiveThreads.install(next);
}

/** OpenBLAS's build configuration and the CPU kernel set it chose at run time. */
export function blasInfo(): { config: string; core: string } {
  const addon = nativeAddon();
  return { config: addon.blasConfig().trim(), core: addon.blasCore() };
}
