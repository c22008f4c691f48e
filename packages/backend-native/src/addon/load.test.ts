import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { nativeKernelNames, nativeStatus } from '../index.js';

describe('registration follows the addon status', () => {
  it.runIf(nativeStatus.available)("registers 'native' with its C++ kernels when the addon loaded", () => {
    expect(nativeStatus.reason).toBe('');
    expect(tf.findBackendFactory('native')).not.toBeNull();
    for (const kernel of ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'UnsortedSegmentSum'])
      expect(nativeKernelNames).toContain(kernel);
  });

  it.runIf(!nativeStatus.available)("leaves 'native' unregistered and explains why when the addon is missing", async () => {
    expect(nativeStatus.reason).toMatch(/not built|failed to load/);
    expect(tf.findBackendFactory('native')).toBeNull();
    expect(nativeKernelNames).toEqual([]);
    await expect(tf.setBackend('native')).rejects.toThrow(/not found/);
  });
});
