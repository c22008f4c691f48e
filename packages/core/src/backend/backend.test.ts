import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backendStatusOf, defineBackend, recordBackendStatus } from '@keras-ts/backend-kit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getBackend, listBackends, reportBackendUnavailable, setBackend } from './backend.js';

describe('backend selection', () => {
  afterAll(() => setBackend('cpu'));

  it("always has 'cpu' and switches to it", async () => {
    await setBackend('cpu');
    expect(getBackend()).toBe('cpu');
    expect(listBackends()).toContain('cpu');
  });

  it('names the package to install for a known backend that is not registered', async () => {
    await expect(setBackend('wasm')).rejects.toThrow("npm install @keras-ts/backend-wasm, then import '@keras-ts/backend-wasm'");
  });

  it("reports the reason a backend package recorded, e.g. the native loader's", async () => {
    // What @keras-ts/backend-native records when no addon loads (its own test checks the real
    // loader end to end with KERAS_TS_NATIVE_ADDON pointing nowhere).
    const reason = 'no native addon could be loaded for linux-x64-glibc: KERAS_TS_NATIVE_ADDON (/nowhere/keras_ts_native.node): file not found';
    recordBackendStatus('native', { available: false, reason, failedAt: 'registration' });
    await expect(setBackend('native')).rejects.toThrow(`Backend 'native' is not available: ${reason}`);
  });

  it('explains why a backend could not be provided (reportBackendUnavailable writes the shared record)', async () => {
    reportBackendUnavailable('cuda', 'no CUDA driver (libcuda.so.1 not found).');
    await expect(setBackend('cuda')).rejects.toThrow("Backend 'cuda' is not available: no CUDA driver (libcuda.so.1 not found)");
    const shared = (globalThis as unknown as Record<symbol, Map<string, { reason?: string }>>)[Symbol.for('keras-ts.backendStatus')];
    expect(shared?.get('cuda')?.reason).toMatch(/libcuda/);
  });

  it('reports the error of a backend whose factory fails to initialise, instead of "see the messages above"', async () => {
    defineBackend({
      name: 'corebroken',
      priority: 0,
      create: async () => {
        throw new Error('could not read tfjs-backend-wasm-simd.wasm: ENOENT');
      },
      kernels: [],
      fallback: false,
    });
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(setBackend('corebroken')).rejects.toThrow(
      "Backend 'corebroken' is registered but failed to initialise: could not read tfjs-backend-wasm-simd.wasm: ENOENT",
    );
    quiet.mockRestore();
    expect(backendStatusOf('corebroken')?.failedAt).toBe('initialisation');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reports the failure when it is the first backend ever selected (no backend to go back to)', async () => {
    defineBackend({
      name: 'corefirst',
      priority: 0,
      create: async () => {
        throw new Error('HTTP 404 for /no-such-folder/tfjs-backend-wasm-simd.wasm');
      },
      kernels: [],
      fallback: false,
    });
    // A fresh page: tfjs has selected no backend yet, so getBackend() has no name to return.
    const engine = tf.engine() as unknown as { backendName: string | undefined };
    const active = engine.backendName;
    engine.backendName = undefined;
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await expect(setBackend('corefirst')).rejects.toThrow(
        "Backend 'corefirst' is registered but failed to initialise: HTTP 404 for /no-such-folder/tfjs-backend-wasm-simd.wasm",
      );
    } finally {
      quiet.mockRestore();
      await tf.setBackend(active ?? 'cpu');
    }
  });

  it('selects a backend defined with defineBackend', async () => {
    defineBackend({ name: 'coreok', priority: 0, create: () => new MathBackendCPU(), kernels: [], fallback: 'shared' });
    await setBackend('coreok');
    expect(getBackend()).toBe('coreok');
    await setBackend('cpu');
  });

  it('lists registered backends for an unknown name', async () => {
    await expect(setBackend('tpu')).rejects.toThrow(/Unknown backend 'tpu'. Registered backends: .*cpu/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it("creates the cpu backend without tfjs's tfjs-node banner", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const factory = tf.engine().registryFactory.cpu?.factory as () => MathBackendCPU;
    const fresh = factory();
    fresh.write(new Float32Array([1]), [1], 'float32');
    const banners = warn.mock.calls.filter((call) => String(call[0]).includes('install our node backend')).length;
    warn.mockRestore();
    fresh.dispose();
    expect(banners).toBe(0);
  });
});
