import '../index.js';
import { type ProcessorSample, ThreadGovernor } from '@keras-ts/backend-kit';
import type { KernelProgram } from '@keras-ts/common';
import { ValueError } from '@keras-ts/common';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../addon/load.js';
import type { NativeBackend } from './native-backend.js';
import {
  defaultNativeThreads,
  getNativeThreads,
  installNativeThreadGovernor,
  nativeThreadsAreAdaptive,
  setAdaptiveNativeThreads,
  setNativeThreads,
} from './threads.js';

/** A governor over a scripted 2-core machine; `busy(othersHold)` lets 0.6 s pass with other processes holding that many cores. */
function scriptedGovernor() {
  let at = 0;
  let idle = 0;
  const governor = new ThreadGovernor({ maxThreads: 2, sample: (): ProcessorSample => ({ atMs: at, idleMs: idle, ownMs: 0, cores: 2 }), now: () => at });
  const busy = (othersHold: number) => {
    at += 600;
    idle += 600 * (2 - othersHold);
  };
  return { governor, busy };
}

describe.skipIf(!nativeStatus.available)(
  `OpenBLAS threads follow the cores actually free (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`,
  () => {
    beforeAll(async () => {
      await tf.setBackend('native');
    });
    afterAll(async () => {
      setAdaptiveNativeThreads(true);
      setNativeThreads(defaultNativeThreads());
      await tf.setBackend('cpu');
    });

    it('uses fewer threads in kernels while other processes hold cores, the configured count when they stop or when turned off', () => {
      setNativeThreads(2);
      expect(nativeThreadsAreAdaptive()).toBe(true);
      const { governor, busy } = scriptedGovernor();
      installNativeThreadGovernor(governor);
      const a = tf.randomUniform([64, 64], -1, 1, 'float32', 1);
      const product = () => tf.dispose(tf.matMul(a, a));
      product();
      expect(getNativeThreads()).toBe(2);
      busy(1);
      product();
      expect(getNativeThreads()).toBe(1);
      setAdaptiveNativeThreads(false);
      expect(nativeThreadsAreAdaptive()).toBe(false);
      expect(getNativeThreads()).toBe(2);
      product();
      expect(getNativeThreads()).toBe(2);
      setAdaptiveNativeThreads(true);
      product();
      expect(getNativeThreads()).toBe(1);
      busy(0);
      product();
      expect(getNativeThreads()).toBe(2);
      a.dispose();
    });

    it('brings the thread count up to date before each run of a compiled step program', () => {
      setNativeThreads(2);
      const { governor, busy } = scriptedGovernor();
      installNativeThreadGovernor(governor);
      const backend = tf.backend() as NativeBackend;
      const before = tf.memory().numTensors;
      const x = tf.randomUniform([32, 32], -1, 1, 'float32', 2);
      const recorder = backend.createKernelProgramRecorder();
      recorder.bind(0, { dataId: x.dataId, shape: [32, 32], dtype: 'float32' }, 'dynamic');
      const [y] = recorder.run(
        {
          name: 'BatchMatMul',
          inputs: [0, 0],
          outputs: [1],
          call: ([left, right]) => [
            tf
              .getKernel('BatchMatMul', 'native')!
              .kernelFunc({ inputs: { a: left!, b: right! }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo,
          ],
        },
        [
          { dataId: x.dataId, shape: [32, 32], dtype: 'float32' },
          { dataId: x.dataId, shape: [32, 32], dtype: 'float32' },
        ],
      );
      backend.disposeData(y!.dataId);
      const program = recorder.finish([1]) as KernelProgram;
      expect(typeof program).toBe('object');
      busy(1);
      const [out] = program.run(() => x.dataId)!;
      expect(getNativeThreads()).toBe(1);
      backend.disposeData(out!.dataId);
      program.dispose();
      x.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('rejects a setAdaptiveNativeThreads argument that is not a boolean', () => {
      expect(() => setAdaptiveNativeThreads('no' as unknown as boolean)).toThrow(ValueError);
      expect(() => setAdaptiveNativeThreads(0 as unknown as boolean)).toThrow(/expects true or false, got 0/);
    });
  },
);
