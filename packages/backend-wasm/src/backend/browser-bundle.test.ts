import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../index.ts', import.meta.url));

describe('@keras-ts/backend-wasm bundled for a browser', () => {
  it('bundles with no node: module, the browser loader, and the .wasm URLs bundlers turn into assets', async () => {
    // esbuild's browser platform: 'browser', 'import', 'default' conditions, no 'node'; plus
    // 'source' so the workspace packages resolve without a build.
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const bundle = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('src/backend/browser/loader.ts'))).toBe(true);
    expect(inputs.filter((input) => input.includes('src/backend/node/'))).toEqual([]);
    expect(bundle.match(/["']node:[\w/]+["']/g) ?? []).toEqual([]);
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      expect(bundle).toContain(`new URL("../../wasm/${file}", import.meta.url)`);
    }
  });
});
