import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BACKEND_PRIORITY, type BackendStatus, defineBackend } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import { stockKernel } from './stock-kernels.js';
import { createWasmBackend } from './create-backend.js';
import { batchMatMulConfig } from '../kernels/BatchMatMul.js';
import { conv2DBackpropFilterConfig } from '../kernels/Conv2DBackpropFilter.js';
import { fusedMatMulConfig } from '../kernels/_FusedMatMul.js';
import { gatherV2Config } from '../kernels/GatherV2.js';
import { maxPoolGradConfig } from '../kernels/MaxPoolGrad.js';
import { sliceConfig } from '../kernels/Slice.js';
import { kerasRMSpropUpdateConfig } from '../kernels/KerasRMSpropUpdate.js';
import { unsortedSegmentSumConfig } from '../kernels/UnsortedSegmentSum.js';

/** The name this package registers its backend under: `'wasm'`. */
export const backendName = 'wasm';

const packageKernels = [batchMatMulConfig, fusedMatMulConfig, conv2DBackpropFilterConfig, maxPoolGradConfig, unsortedSegmentSumConfig, sliceConfig, gatherV2Config, kerasRMSpropUpdateConfig];

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
  create: () => createWasmBackend(stockFactory),
  kernels: packageKernels,
  fallback: 'copy',
});

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
