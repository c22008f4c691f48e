import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ValueError } from '@keras-ts/common';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { setFusedMultiplyAdd, wasmBackendInfo } from '../index.js';
import { GEMM, gemmKind, gemmModuleBytes, relaxedMultiplyAddIsFused } from '../kernels/gemm-simd.js';
import { fusedMultiplyAdd, inOrderProduct, sameBits } from '../kernels/product-reference.test-utils.js';
import { fusedMultiplyAddWanted } from './fused-multiply-add.js';

// Relaxed SIMD on (Node 20 has it behind a flag; this file runs in its own process), so that
// switching the fused product off is a choice the backend has to follow.
if (!WebAssembly.validate(gemmModuleBytes(false, true))) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

describe('setFusedMultiplyAdd and KERAS_TS_WASM_FMA', () => {
  it('reads KERAS_TS_WASM_FMA when setFusedMultiplyAdd was not called, and names a bad value', () => {
    const saved = process.env.KERAS_TS_WASM_FMA;
    try {
      delete process.env.KERAS_TS_WASM_FMA;
      expect(fusedMultiplyAddWanted()).toBe(true);
      process.env.KERAS_TS_WASM_FMA = '0';
      expect(fusedMultiplyAddWanted()).toBe(false);
      process.env.KERAS_TS_WASM_FMA = '1';
      expect(fusedMultiplyAddWanted()).toBe(true);
      process.env.KERAS_TS_WASM_FMA = 'off';
      expect(() => fusedMultiplyAddWanted()).toThrow(ValueError);
      expect(() => fusedMultiplyAddWanted()).toThrow("KERAS_TS_WASM_FMA must be 0 or 1, got 'off'.");
    } finally {
      if (saved === undefined) delete process.env.KERAS_TS_WASM_FMA;
      else process.env.KERAS_TS_WASM_FMA = saved;
    }
  });

  it('switched off before the backend starts, products round the multiply and the add separately although relaxed SIMD is there', async () => {
    expect(WebAssembly.validate(gemmModuleBytes(false, true))).toBe(true);
    setFusedMultiplyAdd(false);
    expect(fusedMultiplyAddWanted()).toBe(false);
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    expect(gemmKind(backend)).toBe(GEMM);
    expect(wasmBackendInfo()!.fusedMultiplyAdd).toBe(false);
    const [m, n, k] = [12, 10, 300];
    const aValues = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37) * 10 ** ((i % 5) - 2));
    const bValues = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.23) * 10 ** ((i % 3) - 1));
    const product = tf.matMul(tf.tensor2d(aValues, [m, k]), tf.tensor2d(bValues, [k, n]));
    const actual = product.dataSync() as Float32Array;
    expect(sameBits(actual, inOrderProduct(aValues, bValues, m, n, k, false))).toBe(true);
    // Which the fused build would not have given, on a processor with FMA.
    if (relaxedMultiplyAddIsFused()) expect(sameBits(actual, inOrderProduct(aValues, bValues, m, n, k, false, fusedMultiplyAdd))).toBe(false);
  });
});
