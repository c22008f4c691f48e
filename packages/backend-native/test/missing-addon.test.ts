// setBackend('native') when no addon can be loaded must say why (the loader's reason), not "not
// registered, install the package". KERAS_TS_NATIVE_ADDON pointing nowhere makes the loader try
// only that file; vitest runs this file in its own process, so the override reaches no other test.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.stubEnv('KERAS_TS_NATIVE_ADDON', '/nowhere/keras_ts_native.node');
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("setBackend('native') with a missing addon", () => {
  it("reports the loader's reason", async () => {
    const native = await import('../src/index.js');
    const { setBackend } = await import('@keras-ts/core');
    const expected =
      /^no native addon could be loaded for [\w-]+: KERAS_TS_NATIVE_ADDON \(\/nowhere\/keras_ts_native\.node\): file not found\. Install the prebuilt addon \(@keras-ts\/backend-native-linux-x64-gnu\) or build one: npx @keras-ts\/backend-native build/;
    expect(native.nativeStatus.available).toBe(false);
    expect(native.nativeStatus.reason).toMatch(expected);
    expect(native.backendStatus()).toMatchObject({ available: false, failedAt: 'registration' });
    await expect(setBackend('native')).rejects.toThrow(`Backend 'native' is not available: ${native.nativeStatus.reason}`);
  });
});
