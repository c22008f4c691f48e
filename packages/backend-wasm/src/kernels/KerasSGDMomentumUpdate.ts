import * as tf from '@tensorflow/tfjs-core';
import { KERAS_SGD_MOMENTUM_UPDATE, type SGDMomentumUpdateAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '@keras-ts/common';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { sgdMomentumOnHeap } from './optimizer-simd.js';

type SGDInputName = 'variable' | 'velocity' | 'gradient' | 'learningRate';

/**
 * SGD with momentum (optionally Nesterov) for one float32 variable in one pass over the wasm heap
 * (WebAssembly SIMD where available), instead of four (six) elementwise kernels:
 * `v' = v·momentum − g·lr`, `w' = w + v'` (Nesterov: `w + (v'·momentum − g·lr)`). Every operation
 * is rounded to float32 (Math.fround) in the same order as the unfused chain, so the result is
 * bit-identical to it.
 */
function kerasSGDMomentumUpdate({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { variable, velocity, gradient, learningRate } = inputs as Record<SGDInputName, tf.TensorInfo>;
  for (const [name, info] of Object.entries({ variable, velocity, gradient, learningRate })) {
    const shape = name === 'learningRate' ? [] : variable?.shape;
    if (info === undefined || info.dtype !== 'float32' || !tf.util.arraysEqual(info.shape, shape ?? [])) {
      throw new BackendError(
        `${KERAS_SGD_MOMENTUM_UPDATE}: input '${name}' must be a float32 tensor of shape [${shape}], got ${info === undefined ? 'nothing' : `${info.dtype} [${info.shape}]`}. Use the unfused ops for other dtypes.`,
      );
    }
  }
  const { momentum, nesterov } = attrs as unknown as SGDMomentumUpdateAttributes;
  const f = Math.fround;
  const momentumF = f(momentum);
  const outputs = [0, 1].map(() => wasm.makeOutput(variable!.shape, 'float32'));
  // Views are taken after makeOutput, which may grow (and so replace) the heap buffer.
  const [w, v, g, rate, newV, newW] = [variable!, velocity!, gradient!, learningRate!, ...outputs].map(
    (info) => wasm.typedArrayFromHeap(info) as Float32Array,
  ) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const rateF = rate[0]!;
  // Whole groups of four run as f32x4 operations (same float32 rounding), the rest below in JS.
  const vectorised = sgdMomentumOnHeap(wasm, nesterov, [w, v, g, newV, newW], [momentumF, rateF]);
  for (let i = vectorised; i < w.length; i++) {
    const scaled = f(g[i]! * rateF);
    const vi = f(f(v[i]! * momentumF) - scaled);
    newV[i] = vi;
    newW[i] = f(w[i]! + (nesterov ? f(f(vi * momentumF) - scaled) : vi));
  }
  return outputs;
}

/** Registration of {@link kerasSGDMomentumUpdate} on 'wasm', under the name backend-kit declares. */
export const kerasSGDMomentumUpdateConfig: tf.KernelConfig = {
  kernelName: KERAS_SGD_MOMENTUM_UPDATE,
  backendName: 'wasm',
  kernelFunc: kerasSGDMomentumUpdate as unknown as tf.KernelFunc,
};
