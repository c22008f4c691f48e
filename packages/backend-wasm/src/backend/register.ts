import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerCpuFallbacks } from '@keras-ts/backend-kit';
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

/** The name the backend is registered under. */
export const wasmBackendName = 'wasm';

/**
 * Registry priority of 'wasm'. tfjs picks the registered backend with the highest priority when
 * no backend was set: cpu has 1 and stock tfjs-backend-wasm and webgl 2, so 3 makes 'wasm' the
 * default wherever this package is imported. Faster keras-ts backends (native, cuda) use more.
 */
export const wasmBackendPriority = 3;

const packageKernels = [batchMatMulConfig, fusedMatMulConfig, conv2DBackpropFilterConfig, maxPoolGradConfig, unsortedSegmentSumConfig, sliceConfig, gatherV2Config, kerasRMSpropUpdateConfig];

/** Kernels this package implements or replaces on 'wasm' (the rest are tfjs-backend-wasm's). */
export const wasmNativeKernels: readonly string[] = packageKernels.map((config) => config.kernelName);

/** Kernels that run through the counted cpu fallback (filled in at import). */
export let wasmFallbackKernels: readonly string[] = [];

function register(): void {
  const stockFactory = tf.findBackendFactory(wasmBackendName);
  if (stockFactory === null) {
    throw new Error("tfjs-backend-wasm did not register 'wasm'; check that @tensorflow/tfjs-backend-wasm 4.22 is installed.");
  }
  stockKernel(tf.Transpose); // fails early if the stock kernels were not captured
  tf.removeBackend(wasmBackendName);
  tf.registerBackend(wasmBackendName, () => createWasmBackend(stockFactory), wasmBackendPriority);
  for (const config of packageKernels) {
    if (tf.getKernel(config.kernelName, wasmBackendName) !== undefined) tf.unregisterKernel(config.kernelName, wasmBackendName);
    tf.registerKernel(config);
  }
  wasmFallbackKernels = registerCpuFallbacks(wasmBackendName, { transfer: 'copy' });
}

register();
