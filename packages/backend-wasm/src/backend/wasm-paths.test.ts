import { describe, expect, it } from 'vitest';
import { KerasError, ValueError } from '@keras-ts/common';
import { configuredWasmLocation, lockWasmPaths, setWasmPaths } from './wasm-paths.js';

describe('setWasmPaths', () => {
  it('rejects bad arguments, naming the valid file names', () => {
    expect(() => setWasmPaths('')).toThrow(/expects a folder URL or path/);
    expect(() => setWasmPaths({ 'backend.wasm': '/x.wasm' } as never)).toThrow(
      "setWasmPaths(fileMap) got an unknown file name 'backend.wasm'; expected one of tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm.",
    );
    expect(() => setWasmPaths({ 'tfjs-backend-wasm-simd.wasm': '' })).toThrow(/location of 'tfjs-backend-wasm-simd.wasm' must be a non-empty URL or path/);
    expect(() => setWasmPaths(null as never)).toThrow(/expects a folder \(string\) or a map/);
    expect(() => setWasmPaths('')).toThrow(ValueError);
    expect(() => setWasmPaths(null as never)).toThrow(KerasError);
    expect(configuredWasmLocation('tfjs-backend-wasm-simd.wasm')).toBeUndefined();
  });

  it('joins a folder with each file name, with or without the trailing slash', () => {
    setWasmPaths('https://cdn.example/tfjs/dist');
    expect(configuredWasmLocation('tfjs-backend-wasm-simd.wasm')).toBe('https://cdn.example/tfjs/dist/tfjs-backend-wasm-simd.wasm');
    setWasmPaths('/assets/wasm/');
    expect(configuredWasmLocation('tfjs-backend-wasm.wasm')).toBe('/assets/wasm/tfjs-backend-wasm.wasm');
  });

  it('takes a partial file map; files it leaves out keep their default location', () => {
    setWasmPaths({ 'tfjs-backend-wasm-simd.wasm': '/renamed/simd.wasm' });
    expect(configuredWasmLocation('tfjs-backend-wasm-simd.wasm')).toBe('/renamed/simd.wasm');
    expect(configuredWasmLocation('tfjs-backend-wasm-threaded-simd.wasm')).toBeUndefined();
  });

  it('refuses changes once the backend has initialised', () => {
    lockWasmPaths();
    expect(() => setWasmPaths('/late/')).toThrow(
      "setWasmPaths() was called after the 'wasm' backend initialised. Call it before setBackend('wasm'), tf.ready() or the first op.",
    );
  });
});
