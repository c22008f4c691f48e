import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type ProcessorSample, ThreadGovernor } from '@keras-ts/backend-kit';
import { ValueError } from '@keras-ts/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { setAdaptiveThreads } from '../index.js';
import { heapWorkers } from '../kernels/heap-workers.js';
import { wasmBackendInfo } from './create-backend.js';
import { installThreadGovernor } from './threads.js';
import { guardKernel } from './trap-guard.js';

/** A governor over a scripted machine of `cores` cores; `busy(othersHold)` lets 0.6 s pass with other processes holding that many cores. */
function scriptedGovernor(maxThreads: number, cores: number) {
  let at = 0;
  let idle = 0;
  const governor = new ThreadGovernor({
    maxThreads,
    sample: (): ProcessorSample => ({ atMs: at, idleMs: idle, ownMs: 0, cores }),
    now: () => at,
  });
  const busy = (othersHold: number) => {
    at += 600;
    idle += 600 * (cores - othersHold);
  };
  return { governor, busy };
}

describe("'wasm' threads follow the cores actually free", () => {
  let backend: BackendWasm;
  let threads: number;
  let real: ReturnType<typeof installThreadGovernor>;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    backend = tf.backend() as BackendWasm;
    threads = wasmBackendInfo()!.threads;
  });

  afterEach(() => {
    if (real !== undefined) installThreadGovernor(real);
    setAdaptiveThreads(true);
  });

  it('is on for the threaded build in Node, and reports the threads in use', () => {
    const info = wasmBackendInfo()!;
    expect(info.adaptiveThreads).toBe(info.threads > 1);
    expect(info.threadsInUse).toBeGreaterThanOrEqual(1);
    expect(info.threadsInUse).toBeLessThanOrEqual(info.threads);
  });

  it('runs every kernel on one thread and heap products unshared while other processes hold cores, and goes back when they stop', () => {
    if (threads < 2) return expect(wasmBackendInfo()!.adaptiveThreads).toBe(false);
    const { governor, busy } = scriptedGovernor(threads, threads);
    real = installThreadGovernor(governor);
    let seen = 0;
    const probe = guardKernel({
      kernelName: 'KerasTsAdaptiveProbe',
      backendName: 'wasm',
      kernelFunc: ({ inputs }) => {
        seen = backend.wasm.tfjs.getThreadsCount();
        return backend.makeOutput(inputs.x!.shape, 'float32');
      },
    });
    tf.registerKernel(probe);
    const helpers = heapWorkers();
    let shared = 0;
    const runGemm = helpers?.runGemm.bind(helpers);
    if (helpers !== undefined) {
      helpers.runGemm = (parts, local) => {
        shared++;
        runGemm!(parts, local);
      };
    }
    // A kernel large enough for the threaded pool, and a product large enough to share.
    const x = tf.zeros([512, 512]);
    const a = tf.randomUniform([128, 512], -1, 1, 'float32', 1);
    const b = tf.randomUniform([512, 256], -1, 1, 'float32', 2);
    const run = () => {
      const before = { shared, tensors: tf.memory().numTensors };
      tf.dispose(tf.engine().runKernel('KerasTsAdaptiveProbe', { x }, {}) as tf.Tensor);
      const product = tf.matMul(a, b);
      const values = product.dataSync().slice();
      product.dispose();
      expect(tf.memory().numTensors).toBe(before.tensors);
      return { pool: seen, sharedProduct: shared > before.shared, values };
    };
    try {
      const idle = run();
      expect(idle.pool).toBe(threads);
      expect(idle.sharedProduct).toBe(helpers !== undefined);
      busy(threads - 1);
      const loaded = run();
      expect(wasmBackendInfo()!.threadsInUse).toBe(1);
      expect(loaded.pool).toBe(1);
      expect(loaded.sharedProduct).toBe(false);
      // The product's bits do not depend on the threads.
      expect(Array.from(loaded.values)).toEqual(Array.from(idle.values));
      // Turned off, the configured threads run whatever the load.
      setAdaptiveThreads(false);
      expect(wasmBackendInfo()!.adaptiveThreads).toBe(false);
      expect(run().pool).toBe(threads);
      setAdaptiveThreads(true);
      expect(run().pool).toBe(1);
      busy(0);
      const free = run();
      expect(wasmBackendInfo()!.threadsInUse).toBe(threads);
      expect(free.pool).toBe(threads);
      expect(free.sharedProduct).toBe(helpers !== undefined);
    } finally {
      if (helpers !== undefined) helpers.runGemm = runGemm!;
      tf.unregisterKernel('KerasTsAdaptiveProbe', 'wasm');
      tf.dispose([x, a, b]);
    }
  });

  it('rejects a setAdaptiveThreads argument that is not a boolean', () => {
    expect(() => setAdaptiveThreads('yes' as unknown as boolean)).toThrow(ValueError);
    expect(() => setAdaptiveThreads(1 as unknown as boolean)).toThrow(/expects true or false, got 1/);
  });
});
