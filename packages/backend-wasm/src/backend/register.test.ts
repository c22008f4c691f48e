import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchMatMulConfig } from '../kernels/BatchMatMul.js';
import { wasmBackendInfo } from './create-backend.js';
import { unguardedKernelFunc } from './trap-guard.js';
import { BACKEND_PRIORITY } from '@keras-ts/backend-kit';
import { backendName, backendStatus, wasmFallbackKernels, wasmNativeKernels } from './register.js';

describe('importing @keras-ts/backend-wasm', () => {
  it("makes 'wasm' the default backend, ahead of cpu", async () => {
    // Nothing in this file calls setBackend: tfjs picks the highest-priority registered backend.
    await tf.ready();
    expect(tf.getBackend()).toBe(backendName);
    const registry = (tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> }).registryFactory;
    expect(registry.wasm?.priority).toBe(BACKEND_PRIORITY.wasm);
    expect(BACKEND_PRIORITY.wasm).toBeGreaterThan(registry.cpu?.priority ?? Number.POSITIVE_INFINITY);
    expect(backendStatus()).toEqual({ available: true });
  });

  it('loads the SIMD binary without any setWasmPaths call, threaded when more than one thread is asked for', async () => {
    await tf.ready();
    const info = wasmBackendInfo();
    expect(info?.simd).toBe(true);
    expect(info?.binary).toBe(info!.threads > 1 ? 'threaded-simd' : 'simd');
    const sum = tf.add(tf.scalar(2), tf.scalar(3));
    expect(sum.dataSync()[0]).toBe(5);
  });

  it("registers this package's kernels in place of the stock ones", () => {
    // Registered behind the trap guard (trap-guard.ts), like every 'wasm' kernel.
    expect(unguardedKernelFunc(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc)).toBe(batchMatMulConfig.kernelFunc);
    expect(tf.getKernelsForBackend('wasm').filter((config) => unguardedKernelFunc(config.kernelFunc) === undefined)).toEqual([]);
    for (const name of ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'UnsortedSegmentSum']) {
      expect(wasmNativeKernels).toContain(name);
    }
  });

  it('covers every cpu kernel, the rare ones through counted fallbacks', () => {
    const wasmKernels = new Set(tf.getKernelsForBackend('wasm').map((config) => config.kernelName));
    const missing = tf.getKernelsForBackend('cpu').filter((config) => !wasmKernels.has(config.kernelName));
    expect(missing.map((config) => config.kernelName)).toEqual([]);
    expect(wasmFallbackKernels).toContain('DepthwiseConv2dNativeBackpropFilter');
    expect(wasmFallbackKernels).not.toContain('Conv2DBackpropFilter');
    expect(wasmFallbackKernels).not.toContain('UnsortedSegmentSum');
  });
});
