import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { chooseMatMulPlan, type MatMulPlan } from './matmul-plan.js';
import { disposeIntermediate, transposeLastTwo } from './transpose.js';

/**
 * Runs `op(a)·op(b)` on wasm with the given plan (see {@link MatMulPlan}); exported for the
 * benchmark, which compares the plans.
 */
export function batchMatMulWithPlan(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  plan: MatMulPlan,
): tf.TensorInfo {
  const plain = { transposeA: false, transposeB: false };
  if (plan === 'untransposed' || (!transposeA && !transposeB)) {
    return runStock(tf.BatchMatMul, { inputs: { a, b }, backend, attrs: { transposeA, transposeB } });
  }
  const created: tf.TensorInfo[] = [];
  const materialise = (x: tf.TensorInfo): tf.TensorInfo => {
    const transposed = transposeLastTwo(backend, x);
    created.push(transposed);
    return transposed;
  };
  try {
    if (plan === 'direct') {
      const left = transposeA ? materialise(a) : a;
      const right = transposeB ? materialise(b) : b;
      return runStock(tf.BatchMatMul, { inputs: { a: left, b: right }, backend, attrs: plain });
    }
    // Cᵀ = op(B)ᵀ·op(A)ᵀ: a transposed operand is already in the layout this product needs.
    const left = transposeB ? b : materialise(b);
    const right = transposeA ? a : materialise(a);
    const productTransposed = runStock(tf.BatchMatMul, { inputs: { a: left, b: right }, backend, attrs: plain });
    created.push(productTransposed);
    return transposeLastTwo(backend, productTransposed);
  } finally {
    disposeIntermediate(backend, created);
  }
}

function batchMatMul({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  const plan = chooseMatMulPlan(a.shape, b.shape, transposeA, transposeB);
  return batchMatMulWithPlan(backend as BackendWasm, a, b, transposeA, transposeB, plan);
}

/** BatchMatMul for 'wasm': transposed operands are materialised so XNNPACK's fast path runs. */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  setupFunc: stockKernel(tf.BatchMatMul).setupFunc,
  kernelFunc: batchMatMul,
};
