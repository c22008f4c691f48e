import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { backendStatusOf, fallbackCounts, resetFallbackCounts, setFallbackLogger } from '@keras-ts/backend-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '@keras-ts/common';
import type { CudaBackend } from './cuda-backend.js';
import { HostMemoryAddon } from './host-memory-addon.test-utils.js';
import { cudaKernelConfigs } from './kernel-configs.js';
import { defineCudaBackend } from './register.js';

// The backend's bookkeeping on a host double of device memory: no GPU needed.
const addon = new HostMemoryAddon();
const available = { available: true, reason: 'test double' };

beforeAll(async () => {
  setFallbackLogger(() => {});
  defineCudaBackend(available, addon);
  await tf.setBackend('cuda');
});

afterAll(async () => {
  await tf.setBackend('cpu');
  tf.removeBackend('cuda');
});

describe('CudaBackend memory', () => {
  it('round-trips float32, int32 and bool values through device blocks of 4 bytes per element', () => {
    const before = tf.memory().numTensors;
    const floats = tf.tensor([1.5, -2.25, 3], [3]);
    const ints = tf.tensor([7, -8], [2], 'int32');
    const bools = tf.tensor([1, 0, 1, 1], [4], 'bool');
    expect(Array.from(floats.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(ints.dataSync()).toEqual(new Int32Array([7, -8]));
    expect(bools.dataSync()).toEqual(new Uint8Array([1, 0, 1, 1]));
    expect(addon.memoryStats().bytesInUse).toBeGreaterThanOrEqual((3 + 2 + 4) * 4);
    tf.dispose([floats, ints, bools]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees a block only when its last reference is disposed', () => {
    const backend = tf.backend() as CudaBackend;
    const frees = addon.frees;
    const dataId = backend.write(new Float32Array([1, 2]), [2], 'float32');
    backend.incRef(dataId);
    expect(backend.refCount(dataId)).toBe(2);
    expect(backend.disposeData(dataId)).toBe(false);
    expect(addon.frees).toBe(frees);
    expect(backend.disposeData(dataId)).toBe(true);
    expect(addon.frees).toBe(frees + 1);
    expect(backend.refCount(dataId)).toBe(0);
  });

  it('keeps empty tensors and strings off the device', () => {
    const blocks = addon.blocks.size;
    const empty = tf.tensor([], [0, 3]);
    const strings = tf.tensor(['a', 'bc']);
    expect(addon.blocks.size).toBe(blocks);
    expect(empty.dataSync().length).toBe(0);
    expect(strings.dataSync()).toEqual(['a', 'bc']);
    tf.dispose([empty, strings]);
  });

  it('rejects complex64 with a message naming the fix', () => {
    expect(() => tf.complex([1], [2])).toThrow(/complex64 tensors are not supported by the 'cuda' backend/);
    expect(() => tf.complex([1], [2])).toThrow(BackendError);
  });

  it('moves tensors between backends both ways', async () => {
    await tf.setBackend('cpu');
    const made = tf.tensor([4, 5, 6], [3], 'int32');
    await tf.setBackend('cuda');
    // Reading on 'cuda' moves the data into a device block (backend.move).
    const blocks = addon.blocks.size;
    expect(tf.engine().moveData(tf.backend(), made.dataId)).toBeUndefined();
    expect(addon.blocks.size).toBe(blocks + 1);
    expect(made.dataSync()).toEqual(new Int32Array([4, 5, 6]));
    made.dispose();
    expect(addon.blocks.size).toBe(blocks);
  });
});

describe('fallback through host memory', () => {
  it('runs a kernel the backend lacks on the cpu, counts it, and leaks nothing', () => {
    resetFallbackCounts('cuda');
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const before = tf.memory().numTensors;
    const blocks = addon.blocks.size;
    const result = tf.cumsum(x, 1);
    expect(Array.from(result.dataSync())).toEqual([1, 3, 6, 4, 9, 15]);
    expect(fallbackCounts('cuda')).toEqual({ Cumsum: 1 });
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(addon.blocks.size).toBe(blocks);
    x.dispose();
  });

  it('does not register fallbacks over the device kernels', () => {
    expect(tf.getKernel('Cumsum', 'cuda')).toBeDefined();
    const native = new Set(cudaKernelConfigs.map((config) => config.kernelName));
    expect(tf.getKernel('BatchMatMul', 'cuda')?.kernelFunc).toBe(cudaKernelConfigs.find((config) => config.kernelName === 'BatchMatMul')?.kernelFunc);
    expect(native.has('Cumsum')).toBe(false);
  });

  it('device kernels on the memory-only double fail with a clear message', () => {
    const a = tf.tensor([1, 2]);
    expect(() => tf.exp(a)).toThrow(/memory-only addon/);
    expect(() => tf.exp(a)).toThrow(BackendError);
    a.dispose();
  });
});

describe('defineCudaBackend without a device', () => {
  it('registers nothing and records the reason for setBackend', () => {
    const outcome = defineCudaBackend({ available: false, reason: 'no usable CUDA device: test' }, undefined);
    expect(outcome.kernels).toEqual([]);
    expect(outcome.fallbacks).toEqual([]);
    expect(backendStatusOf('cuda')).toEqual({ available: false, reason: 'no usable CUDA device: test', failedAt: 'registration' });
  });
});
