import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback, stridesOf } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

/** Shapes of a (batched) matrix product after transposes, with broadcast batch dimensions. */
export interface MatMulPlan {
  outShape: number[];
  m: number;
  n: number;
  k: number;
  aOffsets: number[];
  bOffsets: number[];
}

/** Plans `op(a) x op(b)` for shapes of rank >= 2, broadcasting the leading (batch) dimensions. */
export function planMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): MatMulPlan {
  const aRank = aShape.length;
  const bRank = bShape.length;
  if (aRank < 2 || bRank < 2) throw new ShapeError(`BatchMatMul: a and b must have rank >= 2, got shapes [${aShape}] and [${bShape}].`);
  const at = (shape: number[], index: number) => shape[index] ?? 1;
  const m = transposeA ? at(aShape, aRank - 1) : at(aShape, aRank - 2);
  const kA = transposeA ? at(aShape, aRank - 2) : at(aShape, aRank - 1);
  const kB = transposeB ? at(bShape, bRank - 1) : at(bShape, bRank - 2);
  const n = transposeB ? at(bShape, bRank - 2) : at(bShape, bRank - 1);
  if (kA !== kB)
    throw new ShapeError(
      `BatchMatMul: inner dimensions differ: a [${aShape}] (transposeA=${transposeA}) gives ${kA}, b [${bShape}] (transposeB=${transposeB}) gives ${kB}. Transpose an operand so they match.`,
    );
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = tf.util.sizeFromShape(outer);
  const aStrides = stridesOf(outerA).map((stride) => stride * m * kA);
  const bStrides = stridesOf(outerB).map((stride) => stride * kB * n);
  const outerStrides = stridesOf(outer);
  const aOffsets: number[] = [];
  const bOffsets: number[] = [];
  for (let index = 0; index < batch; index++) {
    let aOffset = 0;
    let bOffset = 0;
    for (let d = 0; d < outer.length; d++) {
      const coordinate = Math.floor(index / (outerStrides[d] ?? 1)) % (outer[d] ?? 1);
      const da = d - (outer.length - outerA.length);
      const db = d - (outer.length - outerB.length);
      if (da >= 0 && (outerA[da] ?? 1) !== 1) aOffset += coordinate * (aStrides[da] ?? 0);
      if (db >= 0 && (outerB[db] ?? 1) !== 1) bOffset += coordinate * (bStrides[db] ?? 0);
    }
    aOffsets.push(aOffset);
    bOffsets.push(bOffset);
  }
  return { outShape: [...outer, m, n], m, n, k: kA, aOffsets, bOffsets };
}

/** Computes `op(a) x op(b)` with OpenBLAS sgemm into a new (or recycled) Float32Array. */
export function matMulHost(a: Float32Array, b: Float32Array, plan: MatMulPlan, transposeA: boolean, transposeB: boolean): Float32Array {
  // sgemm with beta 0 writes every element (the addon zero-fills when k is 0).
  const out = allocate('float32', plan.aOffsets.length * plan.m * plan.n, false) as Float32Array;
  nativeAddon().batchMatMul(a, b, out, plan.m, plan.n, plan.k, transposeA, transposeB, plan.aOffsets, plan.bOffsets);
  return out;
}

/** BatchMatMul through OpenBLAS sgemm (float32; int32 products fall back to the cpu kernel). */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return cpuFallback(tf.BatchMatMul, args);
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
    const out = matMulHost(backend.values(a) as Float32Array, backend.values(b) as Float32Array, plan, transposeA, transposeB);
    return backend.output(plan.outShape, 'float32', out);
  },
};
