import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackCounts, resetFallbackCounts, setFallbackLogger, totalFallbacks } from './counter.js';
import { registerCpuFallbacks, registeredKernels } from './register.js';

// A backend whose memory is separate from the cpu backend's: the fallback has to copy.
class SeparateMemoryBackend extends MathBackendCPU {}

describe('registerCpuFallbacks', () => {
  const notices: string[] = [];
  beforeAll(async () => {
    setFallbackLogger((message) => notices.push(message));
    tf.registerBackend('kitcopy', () => new SeparateMemoryBackend());
    tf.registerBackend('kitshared', () => new MathBackendCPU());
    tf.registerKernel({
      kernelName: 'Neg',
      backendName: 'kitcopy',
      kernelFunc: () => {
        throw new Error('native Neg must not be replaced');
      },
    });
    registerCpuFallbacks('kitcopy', { transfer: 'copy', exclude: ['Sin'] });
    registerCpuFallbacks('kitshared', { transfer: 'shared' });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
    setFallbackLogger((message) => console.warn(message));
  });

  it('copies inputs to a host cpu backend and results back, counting each use', async () => {
    await tf.setBackend('kitcopy');
    resetFallbackCounts();
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor2d([[10], [20]]);
    const product = tf.matMul(a, b);
    const one = tf.scalar(1);
    const sum = tf.add(product, one);
    expect(Array.from(await sum.data())).toEqual([1 * 10 + 2 * 20 + 1, 3 * 10 + 4 * 20 + 1]);
    expect(fallbackCounts('kitcopy')).toMatchObject({ BatchMatMul: 1, Add: 1 });
    expect(totalFallbacks('kitcopy')).toBe(2);
    tf.dispose([a, b, one, product, sum]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps the backend's own kernels and honours exclude", () => {
    const names = registeredKernels('kitcopy');
    expect(names).toContain('Add');
    expect(names).not.toContain('Sin');
    expect(tf.getKernel('Neg', 'kitcopy')?.kernelFunc).toBeDefined();
    expect(() => tf.getKernel('Neg', 'kitcopy')!.kernelFunc({ inputs: {}, backend: {} as never, attrs: {} })).toThrow(/native Neg/);
  });

  it('runs the cpu kernel in place for a backend sharing host memory', async () => {
    await tf.setBackend('kitshared');
    resetFallbackCounts('kitshared');
    const x = tf.tensor1d([-1, 2, -3]);
    const y = tf.relu(x);
    expect(Array.from(await y.data())).toEqual([0, 2, 0]);
    expect(fallbackCounts('kitshared')).toEqual({ Relu: 1 });
    tf.dispose([x, y]);
  });

  it('prints one notice per kernel and backend', () => {
    const matmulNotices = notices.filter((message) => message.includes("'BatchMatMul'") && message.includes("'kitcopy'"));
    expect(matmulNotices).toHaveLength(1);
  });
});
