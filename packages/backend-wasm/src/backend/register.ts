import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BACKEND_PRIORITY, type BackendStatus, defineBackend } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import { stockKernel } from './stock-kernels.js';
import { createWasmBackend } from './create-backend.js';
import { guardBackendAgainstTraps, guardKernelsAgainstTraps } from './trap-guard.js';
import { batchMatMulConfig } from '../kernels/BatchMatMul.js';
import { conv2DBackpropFilterConfig } from '../kernels/Conv2DBackpropFilter.js';
import { fusedMatMulConfig } from '../kernels/_FusedMatMul.js';
import { gatherV2Config } from '../kernels/GatherV2.js';
import { maxPoolGradConfig } from '../kernels/MaxPoolGrad.js';
import { sliceConfig } from '../kernels/Slice.js';
import { kerasAdamUpdateConfig } from '../kernels/KerasAdamUpdate.js';
import { kerasCategoricalCrossentropyConfig, kerasCategoricalCrossentropyGradConfig } from '../kernels/KerasCategoricalCrossentropy.js';
import { kerasDenseConfig } from '../kernels/KerasDense.js';
import { kerasDenseActivationGradConfig } from '../kernels/KerasDenseActivationGrad.js';
import { kerasRMSpropUpdateConfig } from '../kernels/KerasRMSpropUpdate.js';
import { kerasDropoutMaskConfig, kerasRandomUniformConfig } from '../kernels/KerasRandomUniform.js';
import { kerasSGDMomentumUpdateConfig } from '../kernels/KerasSGDMomentumUpdate.js';
import { kerasGRUSequenceConfig } from '../kernels/KerasGRUSequence.js';
import { kerasGRUSequenceGradConfig } from '../kernels/KerasGRUSequenceGrad.js';
import { kerasLSTMSequenceConfig } from '../kernels/KerasLSTMSequence.js';
import { kerasLSTMSequenceGradConfig } from '../kernels/KerasLSTMSequenceGrad.js';
import { unsortedSegmentSumConfig } from '../kernels/UnsortedSegmentSum.js';
import { avgPoolConfig } from '../kernels/AvgPool.js';
import { avgPoolGradConfig } from '../kernels/AvgPoolGrad.js';
import { clipByValueConfig } from '../kernels/ClipByValue.js';
import { conv2DConfig } from '../kernels/Conv2D.js';
import { depthwiseConv2dNativeConfig } from '../kernels/DepthwiseConv2dNative.js';
import { fusedConv2DConfig } from '../kernels/FusedConv2D.js';
import { fusedDepthwiseConv2DConfig } from '../kernels/FusedDepthwiseConv2D.js';
import { maximumConfig } from '../kernels/Maximum.js';
import { maxPoolConfig } from '../kernels/MaxPool.js';
import { minimumConfig } from '../kernels/Minimum.js';
import { reluConfig } from '../kernels/Relu.js';
import { relu6Config } from '../kernels/Relu6.js';
import { tanhConfig } from '../kernels/Tanh.js';
import { transposeConfig } from '../kernels/transpose.js';
import { sumConfig } from '../kernels/Sum.js';
import { emptySafeReductionConfigs } from '../kernels/empty-reductions.js';
import { directBinaryKernelConfigs } from '../kernels/direct-binary.js';

/** The name this package registers its backend under: `'wasm'`. */
export const backendName = 'wasm';

const packageKernels = [
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2DBackpropFilterConfig,
  maxPoolGradConfig,
  unsortedSegmentSumConfig,
  sliceConfig,
  gatherV2Config,
  kerasRMSpropUpdateConfig,
  kerasAdamUpdateConfig,
  kerasCategoricalCrossentropyConfig,
  kerasCategoricalCrossentropyGradConfig,
  kerasDenseConfig,
  kerasDenseActivationGradConfig,
  kerasSGDMomentumUpdateConfig,
  kerasRandomUniformConfig,
  kerasDropoutMaskConfig,
  kerasLSTMSequenceConfig,
  kerasLSTMSequenceGradConfig,
  kerasGRUSequenceConfig,
  kerasGRUSequenceGradConfig,
  tanhConfig,
  transposeConfig,
  sumConfig,
  ...directBinaryKernelConfigs,
];
// Stock kernels replaced or guarded so that NaN and ±Infinity come out as on the cpu backend,
// and empty pooling windows never reach XNNPACK (see each file).
const guardedKernels = [
  maxPoolConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  clipByValueConfig,
  reluConfig,
  relu6Config,
  maximumConfig,
  minimumConfig,
  conv2DConfig,
  depthwiseConv2dNativeConfig,
  fusedConv2DConfig,
  fusedDepthwiseConv2DConfig,
  ...emptySafeReductionConfigs,
];

// tfjs-backend-wasm registered 'wasm' with its own factory when it was imported (by
// stock-kernels.js); this package's factory wraps it, and defineBackend replaces the registration.
const stockFactory = tf.findBackendFactory(backendName);
if (stockFactory === null) {
  throw new BackendError("tfjs-backend-wasm did not register 'wasm'; check that @tensorflow/tfjs-backend-wasm 4.22 is installed.");
}
stockKernel(tf.Transpose); // fails early if the stock kernels were not captured

const defined = defineBackend({
  name: backendName,
  priority: BACKEND_PRIORITY.wasm,
  // A binary that cannot be loaded surfaces when tfjs first creates the backend: the factory's
  // error (which names every location tried) becomes the reason setBackend('wasm') reports.
  create: async () => guardBackendAgainstTraps(await createWasmBackend(stockFactory)),
  kernels: [...packageKernels, ...guardedKernels],
  fallback: 'copy',
});
// Every kernel, stock, replaced or fallback: a trap disables the instance instead of leaving the
// next call to block forever inside it (see trap-guard.ts).
guardKernelsAgainstTraps(backendName);

/**
 * Whether 'wasm' can run in this process: `{ available: true }` until its factory fails, then
 * `{ available: false, reason }` with the loader's error message.
 */
export function backendStatus(): BackendStatus {
  return defined.status();
}

/** Kernels this package implements or replaces on 'wasm' (the rest are tfjs-backend-wasm's). */
export const wasmNativeKernels: readonly string[] = Object.freeze([...defined.kernels]);

/** Kernels that run through the counted cpu fallback. */
export const wasmFallbackKernels: readonly string[] = Object.freeze([...defined.fallbacks]);
