import type * as tf from '@tensorflow/tfjs-core';
import { flushSubnormal, KERAS_SGD_MOMENTUM_UPDATE, type SGDMomentumUpdateAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { heap, requireFloat32, UNFUSED } from './kernel-inputs.js';
import { sgdMomentumOnHeap } from './optimizer-simd.js';

type SGDInputName = 'variable' | 'velocity' | 'gradient' | 'learningRate';

/**
 * SGD with momentum (optionally Nesterov) for one float32 variable in one pass over the wasm heap
 * (WebAssembly SIMD where available), instead of eight (ten) elementwise kernels:
 * `v' = flush(v·momentum − g·lr)`, `w' = w + v'` (Nesterov: `w + (v'·momentum − g·lr)`), a
 * subnormal velocity stored as zero (backend-kit's `flushSubnormals`). Every operation is rounded
 * to float32 (Math.fround) in the same order as the unfused chain, so the result is bit-identical
 * to it.
 */
function kerasSGDMomentumUpdate({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { variable, velocity, gradient, learningRate } = inputs as Record<SGDInputName, tf.TensorInfo>;
  const shape = variable?.shape ?? [];
  requireFloat32(KERAS_SGD_MOMENTUM_UPDATE, 'variable', variable, shape, UNFUSED);
  requireFloat32(KERAS_SGD_MOMENTUM_UPDATE, 'velocity', velocity, shape, UNFUSED);
  requireFloat32(KERAS_SGD_MOMENTUM_UPDATE, 'gradient', gradient, shape, UNFUSED);
  requireFloat32(KERAS_SGD_MOMENTUM_UPDATE, 'learningRate', learningRate, [], UNFUSED);
  const { momentum, nesterov } = attrs as unknown as SGDMomentumUpdateAttributes;
  const f = Math.fround;
  const momentumF = f(momentum);
  const newVInfo = wasm.makeOutput(shape, 'float32');
  const newWInfo = wasm.makeOutput(shape, 'float32');
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const w = heap(wasm, variable);
  const v = heap(wasm, velocity);
  const g = heap(wasm, gradient);
  const rate = heap(wasm, learningRate);
  const newV = heap(wasm, newVInfo);
  const newW = heap(wasm, newWInfo);
  const rateF = rate[0]!;
  // Whole groups of four run as f32x4 operations (same float32 rounding), the rest below in JS.
  const vectorised = sgdMomentumOnHeap(wasm, nesterov, [w, v, g, newV, newW], [momentumF, rateF]);
  for (let i = vectorised; i < w.length; i++) {
    const scaled = f(g[i]! * rateF);
    const vi = flushSubnormal(f(f(v[i]! * momentumF) - scaled));
    newV[i] = vi;
    newW[i] = f(w[i]! + (nesterov ? f(f(vi * momentumF) - scaled) : vi));
  }
  return [newVInfo, newWInfo];
}

/** Registration of {@link kerasSGDMomentumUpdate} on 'wasm', under the name backend-kit declares. */
export const kerasSGDMomentumUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_SGD_MOMENTUM_UPDATE,
  backendName: 'wasm',
  kernelFunc: kerasSGDMomentumUpdate as unknown as tf.KernelFunc,
};
