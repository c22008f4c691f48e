import * as tf from '@tensorflow/tfjs-core';
import { registerCpuFallbacks } from '@keras-ts/backend-kit';
import type { CudaAddon, MemoryAddon } from '../native/addon-types.js';
import type { CudaStatus } from '../status/cuda-status.js';
import { CudaBackend } from './cuda-backend.js';
import { cudaKernelConfigs } from './kernel-configs.js';

/** The name the backend registers under. */
export const CUDA_BACKEND_NAME = 'cuda';

/**
 * Where keras-ts backends that could not register say why, so `setBackend` can explain a
 * missing backend: `globalThis[Symbol.for('keras-ts.unavailableBackends')]` maps a backend
 * name to its reason.
 */
export const UNAVAILABLE_BACKENDS = Symbol.for('keras-ts.unavailableBackends');

function unavailableBackends(): Map<string, string> {
  const holder = globalThis as unknown as Record<symbol, Map<string, string> | undefined>;
  holder[UNAVAILABLE_BACKENDS] ??= new Map();
  return holder[UNAVAILABLE_BACKENDS] as Map<string, string>;
}

/** What {@link registerCudaBackend} did. */
export interface CudaRegistration {
  registered: boolean;
  /** Kernels registered as counted cpu fallbacks (empty when not registered). */
  fallbacks: string[];
}

/**
 * Registers the 'cuda' backend, its device kernels and counted cpu fallbacks for every other
 * kernel — only when `status.available`. Otherwise it records `status.reason` for `setBackend`
 * (see {@link UNAVAILABLE_BACKENDS}) and registers nothing.
 *
 * @param priority tfjs backend priority; 0 keeps 'cpu' the default until `setBackend('cuda')`.
 */
export function registerCudaBackend(status: CudaStatus, addon: CudaAddon | MemoryAddon | undefined, priority = 0): CudaRegistration {
  if (!status.available || addon === undefined) {
    unavailableBackends().set(CUDA_BACKEND_NAME, status.reason);
    return { registered: false, fallbacks: [] };
  }
  unavailableBackends().delete(CUDA_BACKEND_NAME);
  if (tf.findBackendFactory(CUDA_BACKEND_NAME) === null) {
    tf.registerBackend(CUDA_BACKEND_NAME, () => new CudaBackend(addon), priority);
  }
  for (const config of cudaKernelConfigs) {
    if (tf.getKernel(config.kernelName, CUDA_BACKEND_NAME) === undefined) tf.registerKernel(config);
  }
  return { registered: true, fallbacks: registerCpuFallbacks(CUDA_BACKEND_NAME, { transfer: 'copy' }) };
}
