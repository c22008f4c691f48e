import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// No import of register.ts: the backend is built by hand, so nothing picks 'wasm' behind the test's back.
import { BackendError } from '@keras-ts/common';
import { createWasmBackend, wasmBackendInfo } from './create-backend.js';
import { readWasmBinary } from './node/read-binary.js';
import { WasmLoadError } from './wasm-load-error.js';
import { setWasmPaths } from './wasm-paths.js';

const unused = () => {
  throw new Error('the Node loader does not run the stock factory');
};
const scratch = mkdtemp(join(tmpdir(), 'keras-ts-wasm-paths-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

describe('a missing .wasm file', () => {
  it('fails the backend factory with a WasmLoadError naming the location tried', async () => {
    setWasmPaths('/nonexistent/keras-ts-wasm/');
    const failure = await createWasmBackend(unused).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WasmLoadError);
    expect(failure).toBeInstanceOf(BackendError);
    const error = failure as WasmLoadError;
    expect(error.name).toBe('WasmLoadError');
    expect(error.urls).toHaveLength(1);
    expect(error.urls[0]).toMatch(/^\/nonexistent\/keras-ts-wasm\/tfjs-backend-wasm-(threaded-)?simd\.wasm$/);
    expect(error.message).toContain(`Tried:\n  ${error.urls[0]} (ENOENT)`);
    expect(error.message).toContain('setWasmPaths(folderOrFileMap)');
    expect(wasmBackendInfo()).toBeUndefined();
  });

  it('lists every location tried and why each failed', async () => {
    const notWasm = join(await scratch, 'page.wasm');
    await writeFile(notWasm, '<!doctype html>');
    const missing = join(await scratch, 'missing.wasm');
    const server = createServer((_, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wasm/tfjs-backend-wasm-simd.wasm`;
    const attempt = readWasmBinary('tfjs-backend-wasm-simd.wasm', [missing, notWasm, url]);
    const error = (await attempt.catch((caught: unknown) => caught)) as WasmLoadError;
    server.close();
    expect(error).toBeInstanceOf(WasmLoadError);
    expect(error.urls).toEqual([missing, notWasm, url]);
    expect(error.message).toContain(`  ${missing} (ENOENT)`);
    expect(error.message).toContain(`  ${notWasm} (not a WebAssembly file)`);
    expect(error.message).toContain(`  ${url} (HTTP 404)`);
  });

  it('loads once the path is right', async () => {
    setWasmPaths({});
    const backend = await createWasmBackend(unused);
    expect(wasmBackendInfo()?.simd).toBe(true);
    backend.dispose();
  });
});
