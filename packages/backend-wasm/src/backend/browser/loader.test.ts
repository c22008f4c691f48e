// The browser loader run in Node with tfjs's stock factory replaced by stand-ins: what it hands
// tfjs-backend-wasm, and the error it makes of a failed start. (No browser on this machine; the
// real fetch-and-instantiate path runs in tooling/package-e2e's Chromium pages.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmLoadError } from '../wasm-load-error.js';
import { setWasmPaths } from '../wasm-paths.js';
import { loadWasmBackend } from './loader.js';

let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/spa/')) response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// What tfjs-backend-wasm's init rejects with when emscripten aborts: a plain object, not an Error.
const failedStart = () => Promise.reject({ message: 'Make sure the server can serve the `.wasm` file relative to the bundled js file.' });

describe('the browser loader', () => {
  it('turns a failed start into a WasmLoadError naming the URL and what the server answered', async () => {
    setWasmPaths(`${origin}/missing/`);
    const error = (await loadWasmBackend({ simd: true, stockFactory: failedStart }).catch((caught: unknown) => caught)) as WasmLoadError;
    expect(error).toBeInstanceOf(WasmLoadError);
    expect(error.urls).toEqual([`${origin}/missing/tfjs-backend-wasm-simd.wasm`]);
    expect(error.message).toContain(`  ${origin}/missing/tfjs-backend-wasm-simd.wasm (HTTP 404)`);
    expect(error.message).toContain('setWasmPaths');
  });

  it("recognises a dev server's HTML fallback page", async () => {
    setWasmPaths({ 'tfjs-backend-wasm.wasm': `${origin}/spa/plain.wasm` });
    const error = (await loadWasmBackend({ simd: false, stockFactory: failedStart }).catch((caught: unknown) => caught)) as WasmLoadError;
    expect(error.message).toContain(`${origin}/spa/plain.wasm (served as text/html, not a WebAssembly file)`);
  });

  it('reports the binary and threads of a backend that started', async () => {
    setWasmPaths('/assets/');
    const backend = { wasm: { tfjs: { getThreadsCount: () => 1 } } } as unknown as tf.KernelBackend;
    const loaded = await loadWasmBackend({ simd: true, stockFactory: async () => backend });
    expect(loaded.backend).toBe(backend);
    expect(loaded.info).toEqual({ binary: 'simd', threads: 1, simd: true, smallKernelsOnOneThread: false, heapProductThreads: 1, fusedMultiplyAdd: false });
  });
});
