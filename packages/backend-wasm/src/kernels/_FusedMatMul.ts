import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArguments, runStock, stockKernel } from '../backend/stock-kernels.js';
import { withNaNPreservingClamp } from './nan-preserving.js';
import { disposeIntermediate, transposeLastTwo } from './transpose.js';

function fusedMatMul({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  if (!transposeA && !transposeB) return runStock(tf._FusedMatMul, { inputs, backend: wasm, attrs });
  // The bias and activation act on the product's columns, so only the direct plan applies here:
  // materialise each transposed operand and run the fast untransposed kernel.
  const created: tf.TensorInfo[] = [];
  try {
    const left = transposeA ? transposeLastTwo(wasm, a) : a;
    if (transposeA) created.push(left);
    const right = transposeB ? transposeLastTwo(wasm, b) : b;
    if (transposeB) created.push(right);
    return runStock(tf._FusedMatMul, {
      inputs: { ...inputs, a: left, b: right },
      backend: wasm,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
  } finally {
    disposeIntermediate(wasm, created);
  }
}

/**
 * _FusedMatMul for 'wasm': transposed operands are materialised so XNNPACK's fast path runs, and
 * ReLU / ReLU6 keep NaN (see {@link withNaNPreservingClamp}).
 */
export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  setupFunc: stockKernel(tf._FusedMatMul).setupFunc,
  kernelFunc: withNaNPreservingClamp(fusedMatMul),
};
