// A 'wasm' backend whose binary cannot be loaded: setBackend('wasm') reports the loader's error
// (recorded by defineBackend when the factory throws), and backendStatus() says the same.
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@keras-ts/core';
import { describe, expect, it, vi } from 'vitest';
import { backendStatus } from './register.js';
import { setWasmPaths } from './wasm-paths.js';

describe("setBackend('wasm') when the .wasm files cannot be loaded", () => {
  it("reports the factory's error and keeps the active backend", async () => {
    await setBackend('cpu');
    setWasmPaths('/nowhere/keras-ts-wasm/');
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failure = await setBackend('wasm').then(
      () => undefined,
      (error: Error) => error.message,
    );
    quiet.mockRestore();
    expect(failure).toMatch(/^Backend 'wasm' is registered but failed to initialise: The 'wasm' backend could not load .*nowhere/s);
    expect(backendStatus()).toMatchObject({ available: false, failedAt: 'initialisation' });
    expect(backendStatus().reason).toMatch(/\/nowhere\/keras-ts-wasm\//);
    expect(tf.getBackend()).toBe('cpu');
  });
});
