import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, listBackends, reportBackendUnavailable, setBackend } from './backend.js';

describe('backend selection', () => {
  afterAll(() => setBackend('cpu'));

  it("always has 'cpu' and switches to it", async () => {
    await setBackend('cpu');
    expect(getBackend()).toBe('cpu');
    expect(listBackends()).toContain('cpu');
  });

  it('names the package to install for a known backend that is not registered', async () => {
    await expect(setBackend('native')).rejects.toThrow("npm install @keras-ts/backend-native, then import '@keras-ts/backend-native'");
  });

  it('explains why a backend package could not register', async () => {
    reportBackendUnavailable('cuda', 'no CUDA driver was found (libcuda.so.1 missing).');
    await expect(setBackend('cuda')).rejects.toThrow("Backend 'cuda' is not available: no CUDA driver was found");
    const shared = (globalThis as unknown as Record<symbol, Map<string, string>>)[Symbol.for('keras-ts.unavailableBackends')];
    expect(shared?.get('cuda')).toMatch(/libcuda/);
  });

  it('lists registered backends for an unknown name', async () => {
    await expect(setBackend('tpu')).rejects.toThrow(/Unknown backend 'tpu'. Registered backends: .*cpu/);
    expect(tf.getBackend()).toBe('cpu');
  });
});
