import { readFileSync } from 'node:fs';
import { arch } from 'node:os';
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError, ValueError } from '@keras-ts/common';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { setFusedMultiplyAdd, wasmBackendInfo } from '../index.js';
import { GEMM_FUSED, gemmKind, gemmModuleBytes, relaxedMultiplyAddIsFused } from './gemm-simd.js';

// The choice of the heap product's relaxed-SIMD build, as browsers and Node ≥ 22 make it. Node 20
// has relaxed SIMD behind a flag, which V8 reads whenever it compiles a module, so turning it on
// here (each test file runs in its own process) makes this file's backend choose the fused build.
// The products themselves are checked by the whole suite's second run (vitest.other-multiply-add.config.ts):
// gemm-simd, BatchMatMul and heap-workers tests compare them with the multiply-add the build does.
if (!WebAssembly.validate(gemmModuleBytes(false, true))) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
// Wanted whatever KERAS_TS_WASM_FMA says (the suite's second run sets it to 0 where relaxed SIMD is on by default).
setFusedMultiplyAdd(true);

/** Whether this x64 Linux processor has FMA (undefined where /proc/cpuinfo does not say). */
function processorHasFma(): boolean | undefined {
  if (arch() !== 'x64') return undefined;
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1];
    return flags === undefined ? undefined : /\sfma(\s|$)/.test(flags);
  } catch {
    return undefined;
  }
}

describe('the fused (relaxed-SIMD) heap product', () => {
  let backend: BackendWasm;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    backend = tf.backend() as BackendWasm;
  });

  it('is the build the backend chose, and the runtime fuses it exactly where the processor has FMA', () => {
    expect(WebAssembly.validate(gemmModuleBytes(false, true))).toBe(true);
    expect(WebAssembly.validate(gemmModuleBytes(true, true))).toBe(true);
    expect(gemmKind(backend)).toBe(GEMM_FUSED);
    const hasFma = processorHasFma();
    if (hasFma !== undefined) expect(relaxedMultiplyAddIsFused()).toBe(hasFma);
    expect(wasmBackendInfo()!.fusedMultiplyAdd).toBe(relaxedMultiplyAddIsFused());
  });

  it('cannot be switched once the backend has started, and takes only true or false', () => {
    expect(() => setFusedMultiplyAdd(false)).toThrow(BackendError);
    expect(() => setFusedMultiplyAdd(false)).toThrow(/before setBackend\('wasm'\)/);
    expect(() => setFusedMultiplyAdd('no' as unknown as boolean)).toThrow(ValueError);
    expect(gemmKind(backend)).toBe(GEMM_FUSED);
  });
});
