import type * as tf from '@tensorflow/tfjs-core';
import { type AdamUpdateAttributes, flushSubnormal, KERAS_ADAM_UPDATE } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { heap, requireFloat32, UNFUSED } from './kernel-inputs.js';
import { adamOnHeap } from './optimizer-simd.js';

type AdamInputName = 'variable' | 'momentum' | 'velocity' | 'gradient' | 'alpha';

/**
 * Adam without AMSGrad for one float32 variable in one pass over the wasm heap (WebAssembly SIMD
 * where available), instead of twenty elementwise kernels: `m' = flush(m + (g − m)·(1 − beta1))`,
 * `v' = flush(v + (g² − v)·(1 − beta2))`, `w' = w − m'·alpha / (sqrt(v') + epsilon)`, subnormal
 * moments stored as zero (backend-kit's `flushSubnormals`). Every operation is
 * rounded to float32 (Math.fround) in the same order as the unfused chain, so the result is
 * bit-identical to it. The outputs always take new heap memory, unlike 'native''s in-place update:
 * tfjs-backend-wasm's XNNPACK products keep weights packed per tensor id, so data that changed
 * under its id would be multiplied stale.
 */
function kerasAdamUpdate({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { variable, momentum, velocity, gradient, alpha } = inputs as Record<AdamInputName, tf.TensorInfo>;
  const shape = variable?.shape ?? [];
  requireFloat32(KERAS_ADAM_UPDATE, 'variable', variable, shape, UNFUSED);
  requireFloat32(KERAS_ADAM_UPDATE, 'momentum', momentum, shape, UNFUSED);
  requireFloat32(KERAS_ADAM_UPDATE, 'velocity', velocity, shape, UNFUSED);
  requireFloat32(KERAS_ADAM_UPDATE, 'gradient', gradient, shape, UNFUSED);
  requireFloat32(KERAS_ADAM_UPDATE, 'alpha', alpha, [], UNFUSED);
  const { beta1, beta2, epsilon } = attrs as unknown as AdamUpdateAttributes;
  const f = Math.fround;
  const oneMinusBeta1 = f(1 - beta1);
  const oneMinusBeta2 = f(1 - beta2);
  const epsilonF = f(epsilon);
  const newMInfo = wasm.makeOutput(shape, 'float32');
  const newVInfo = wasm.makeOutput(shape, 'float32');
  const newWInfo = wasm.makeOutput(shape, 'float32');
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const w = heap(wasm, variable);
  const m = heap(wasm, momentum);
  const v = heap(wasm, velocity);
  const g = heap(wasm, gradient);
  const a = heap(wasm, alpha);
  const newM = heap(wasm, newMInfo);
  const newV = heap(wasm, newVInfo);
  const newW = heap(wasm, newWInfo);
  const alphaF = a[0]!;
  // Whole groups of four run as f32x4 operations (same float32 rounding), the rest below in JS.
  const vectorised = adamOnHeap(wasm, [w, m, v, g, newM, newV, newW], [oneMinusBeta1, oneMinusBeta2, epsilonF, alphaF]);
  for (let i = vectorised; i < w.length; i++) {
    const gi = g[i]!;
    const mi = flushSubnormal(f(m[i]! + f(f(gi - m[i]!) * oneMinusBeta1)));
    const vi = flushSubnormal(f(v[i]! + f(f(f(gi * gi) - v[i]!) * oneMinusBeta2)));
    newM[i] = mi;
    newV[i] = vi;
    newW[i] = f(w[i]! - f(f(mi * alphaF) / f(f(Math.sqrt(vi)) + epsilonF)));
  }
  return [newMInfo, newVInfo, newWInfo];
}

/** Registration of {@link kerasAdamUpdate} on 'wasm', under the name backend-kit declares. */
export const kerasAdamUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: kerasAdamUpdate as unknown as tf.KernelFunc,
};
