import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValueError } from '@keras-ts/common';
import { fallbackCounts, setFallbackLogger } from '../fallback/counter.js';
import { defineBackend } from './define-backend.js';
import { BACKEND_PRIORITY } from './priority.js';
import { BACKEND_STATUS_KEY, backendStatusOf } from './status.js';
import { quietCpuBackend, silenceTfjsNodeNotice } from './tfjs-node-notice.js';

const registry = () => tf.engine().registryFactory as Record<string, { priority: number } | undefined>;

// A backend that shares the cpu backend's memory and implements one kernel of its own.
class KitBackend extends MathBackendCPU {}
const negCalls: number[] = [];
const negConfig = (backendName: string): tf.KernelConfig => ({
  kernelName: 'Neg',
  backendName,
  kernelFunc: ({ inputs, backend }) => {
    negCalls.push(1);
    const x = inputs.x as tf.TensorInfo;
    const values = (backend as MathBackendCPU).readSync(x.dataId) as Float32Array;
    return (backend as MathBackendCPU).makeTensorInfo(
      x.shape,
      x.dtype,
      values.map((value) => -value),
    );
  },
});

beforeAll(() => setFallbackLogger(() => {}));
afterAll(async () => {
  await tf.setBackend('cpu');
  setFallbackLogger((message) => console.warn(message));
});

describe('defineBackend', () => {
  it('registers the factory with its priority, its kernels, and counted cpu fallbacks for the rest', async () => {
    const defined = defineBackend({
      name: 'kitok',
      priority: 7,
      create: () => new KitBackend(),
      kernels: [negConfig('kitok')],
      fallback: 'shared',
    });
    expect(registry().kitok?.priority).toBe(7);
    expect(defined.kernels).toEqual(['Neg']);
    expect(defined.fallbacks).toContain('Add');
    expect(defined.fallbacks).not.toContain('Neg');
    expect(defined.status()).toEqual({ available: true });

    await tf.setBackend('kitok');
    const x = tf.tensor1d([1, -2]);
    const y = tf.add(tf.neg(x), x);
    expect(Array.from(await y.data())).toEqual([0, 0]);
    expect(negCalls).toHaveLength(1);
    expect(fallbackCounts('kitok')).toEqual({ Add: 1 });
    tf.dispose([x, y]);
  });

  it('registers nothing when unavailable and records the reason for setBackend', () => {
    const create = vi.fn(() => new KitBackend());
    const defined = defineBackend({
      name: 'kitgone',
      priority: 7,
      status: { available: false, reason: 'no addon for this platform' },
      create,
      kernels: [negConfig('kitgone')],
      fallback: 'shared',
    });
    expect(tf.findBackendFactory('kitgone')).toBeNull();
    expect(tf.getKernel('Neg', 'kitgone')).toBeUndefined();
    expect(defined.kernels).toEqual([]);
    expect(defined.status()).toEqual({ available: false, reason: 'no addon for this platform', failedAt: 'registration' });
    // Readable by another copy of backend-kit (core's) through the well-known symbol.
    const shared = (globalThis as unknown as Record<symbol, Map<string, unknown>>)[Symbol.for('keras-ts.backendStatus')];
    expect(BACKEND_STATUS_KEY).toBe(Symbol.for('keras-ts.backendStatus'));
    expect(shared?.get('kitgone')).toMatchObject({ available: false, reason: 'no addon for this platform' });
    expect(create).not.toHaveBeenCalled();
  });

  it('records the message of a factory that throws as the reason', async () => {
    const defined = defineBackend({
      name: 'kitthrows',
      priority: 0,
      create: () => {
        throw new Error('could not fetch tfjs-backend-wasm-simd.wasm (404)');
      },
      kernels: [],
      fallback: false,
    });
    expect(defined.status().available).toBe(true);
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.setBackend('kitthrows')).toBe(false);
    quiet.mockRestore();
    expect(backendStatusOf('kitthrows')).toEqual({
      available: false,
      reason: 'could not fetch tfjs-backend-wasm-simd.wasm (404)',
      failedAt: 'initialisation',
    });
  });

  it('records the reason of an async factory that rejects, and clears it once a retry succeeds', async () => {
    let fail = true;
    defineBackend({
      name: 'kitasync',
      priority: 0,
      create: async () => {
        if (fail) throw new Error('the .wasm files could not be read');
        return new KitBackend();
      },
      kernels: [],
      fallback: 'shared',
    });
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.setBackend('kitasync')).toBe(false);
    quiet.mockRestore();
    expect(backendStatusOf('kitasync')).toMatchObject({ available: false, reason: 'the .wasm files could not be read' });
    fail = false;
    expect(await tf.setBackend('kitasync')).toBe(true);
    expect(backendStatusOf('kitasync')).toEqual({ available: true });
    await tf.setBackend('cpu');
  });

  it('replaces a foreign registration of its name but keeps its own on a second evaluation', () => {
    const foreign = () => new KitBackend();
    tf.registerBackend('kitrepl', foreign, 2);
    const first = defineBackend({ name: 'kitrepl', priority: 6, create: () => new KitBackend(), kernels: [negConfig('kitrepl')], fallback: false });
    const registered = tf.findBackendFactory('kitrepl');
    expect(registered).not.toBe(foreign);
    expect(registry().kitrepl?.priority).toBe(6);
    const second = defineBackend({ name: 'kitrepl', priority: 6, create: () => new KitBackend(), kernels: [negConfig('kitrepl')], fallback: false });
    expect(tf.findBackendFactory('kitrepl')).toBe(registered);
    expect(second.kernels).toEqual(first.kernels);
  });

  it('rejects names with an underscore and kernels declared for another backend', () => {
    expect(() => defineBackend({ name: 'kit_x', priority: 0, create: () => new KitBackend(), kernels: [], fallback: false })).toThrow(/'_'/);
    expect(() => defineBackend({ name: 'kit_x', priority: 0, create: () => new KitBackend(), kernels: [], fallback: false })).toThrow(ValueError);
    expect(() => defineBackend({ name: 'kitbad', priority: 0, create: () => new KitBackend(), kernels: [negConfig('cpu')], fallback: false })).toThrow(
      /kernel 'Neg' is declared for backend 'cpu'/,
    );
    expect(() => defineBackend({ name: 'kitbad', priority: 0, create: () => new KitBackend(), kernels: [negConfig('cpu')], fallback: false })).toThrow(
      ValueError,
    );
  });
});

describe('BACKEND_PRIORITY', () => {
  it('ranks cuda over native over wasm, all above tfjs-core cpu (1) and stock wasm/webgl (2)', () => {
    expect(BACKEND_PRIORITY.cuda).toBeGreaterThan(BACKEND_PRIORITY.native);
    expect(BACKEND_PRIORITY.native).toBeGreaterThan(BACKEND_PRIORITY.wasm);
    expect(BACKEND_PRIORITY.wasm).toBeGreaterThan(2);
    expect(registry().cpu?.priority).toBe(1);
  });
});

describe('silenceTfjsNodeNotice', () => {
  it("stops a cpu backend's tfjs-node banner and only that", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const banner = () => warn.mock.calls.filter((call) => String(call[0]).includes('looks like you are running TensorFlow.js in Node.js')).length;
    new MathBackendCPU().write(new Float32Array([1]), [1], 'float32');
    const printedWithout = banner();
    const quiet = new MathBackendCPU();
    silenceTfjsNodeNotice(quiet);
    quiet.write(new Float32Array([1]), [1], 'float32');
    const printedWith = banner() - printedWithout;
    warn.mockRestore();
    expect(printedWithout).toBe(1);
    expect(printedWith).toBe(0);
  });

  it("makes the engine's cpu factory create quiet backends, once however often it is called", () => {
    quietCpuBackend();
    const factory = tf.engine().registryFactory.cpu?.factory;
    quietCpuBackend();
    expect(tf.engine().registryFactory.cpu?.factory).toBe(factory);
    const created = (factory as () => MathBackendCPU)();
    expect((created as unknown as { firstUse: boolean }).firstUse).toBe(false);
    created.dispose();
  });
});
