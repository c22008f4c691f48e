import type * as tf from '@tensorflow/tfjs-core';
import { flushSubnormal, KERAS_RMSPROP_UPDATE, type RMSpropUpdateAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { requireFloat32, UNFUSED } from './kernel-inputs.js';
import { rmspropOnHeap } from './optimizer-simd.js';

/**
 * Plain RMSprop (no momentum, not centered) for one float32 variable in one pass over the wasm
 * heap (WebAssembly SIMD where available), instead of thirteen elementwise kernels:
 * `v' = flush(v·rho + g²·(1 − rho))`, `w' = w − g·lr / sqrt(v' + epsilon)`, a subnormal velocity
 * stored as zero (backend-kit's `flushSubnormals`). Every operation is rounded to float32
 * (Math.fround) in the same order as the unfused chain, so the result is bit-identical to it.
 */
function kerasRMSpropUpdate({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { variable, velocity, gradient } = inputs as Record<'variable' | 'velocity' | 'gradient', tf.TensorInfo>;
  const shape = variable?.shape ?? [];
  requireFloat32(KERAS_RMSPROP_UPDATE, 'variable', variable, shape, UNFUSED);
  requireFloat32(KERAS_RMSPROP_UPDATE, 'velocity', velocity, shape, UNFUSED);
  requireFloat32(KERAS_RMSPROP_UPDATE, 'gradient', gradient, shape, UNFUSED);
  const { rho, epsilon, learningRate } = attrs as unknown as RMSpropUpdateAttributes;
  const f = Math.fround;
  const rhoF = f(rho);
  const oneMinusRho = f(1 - rho);
  const epsilonF = f(epsilon);
  const rate = f(learningRate);
  const newVelocityInfo = wasm.makeOutput(variable!.shape, 'float32');
  const newVariableInfo = wasm.makeOutput(variable!.shape, 'float32');
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const w = wasm.typedArrayFromHeap(variable!) as Float32Array;
  const v = wasm.typedArrayFromHeap(velocity!) as Float32Array;
  const g = wasm.typedArrayFromHeap(gradient!) as Float32Array;
  const newVelocity = wasm.typedArrayFromHeap(newVelocityInfo) as Float32Array;
  const newVariable = wasm.typedArrayFromHeap(newVariableInfo) as Float32Array;
  // Whole groups of four run as f32x4 operations (same float32 rounding), the rest below in JS.
  const vectorised = rmspropOnHeap(wasm, [w, v, g, newVelocity, newVariable], [rhoF, oneMinusRho, epsilonF, rate]);
  for (let i = vectorised; i < w.length; i++) {
    const gi = g[i]!;
    const vi = flushSubnormal(f(f(v[i]! * rhoF) + f(f(gi * gi) * oneMinusRho)));
    newVelocity[i] = vi;
    newVariable[i] = f(w[i]! - f(f(gi * rate) / f(Math.sqrt(f(vi + epsilonF)))));
  }
  return [newVelocityInfo, newVariableInfo];
}

/** Registration of {@link kerasRMSpropUpdate} on 'wasm', under the name backend-kit declares. */
export const kerasRMSpropUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_RMSPROP_UPDATE,
  backendName: 'wasm',
  kernelFunc: kerasRMSpropUpdate as unknown as tf.KernelFunc,
};
