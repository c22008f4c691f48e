import { BACKEND_PRIORITY, type BackendStatus, type DefinedBackend, defineBackend } from '@keras-ts/backend-kit';
import type { CudaAddon, MemoryAddon } from '../native/addon-types.js';
import type { CudaStatus } from '../status/cuda-status.js';
import { CudaBackend } from './cuda-backend.js';
import { cudaKernelConfigs } from './kernel-configs.js';

/** The name this package registers its backend under: `'cuda'`. */
export const backendName = 'cuda';

/**
 * Defines 'cuda' with backend-kit's `defineBackend`: registered, with its device kernels and
 * counted cpu fallbacks (copied through host memory) for every other kernel, only when
 * `status.available` and an addon is given; otherwise `status.reason` is recorded for
 * `setBackend('cuda')` and nothing is registered. The package calls it once at import with the
 * probe's outcome; tests call it with host-memory doubles of the addon.
 */
export function defineCudaBackend(status: CudaStatus, addon: CudaAddon | MemoryAddon | undefined): DefinedBackend {
  const usable = status.available && addon !== undefined;
  return defineBackend({
    name: backendName,
    priority: BACKEND_PRIORITY.cuda,
    status: usable ? { available: true } : { available: false, reason: status.reason },
    create: () => new CudaBackend(addon as CudaAddon | MemoryAddon),
    kernels: usable ? cudaKernelConfigs : [],
    fallback: 'copy',
  });
}

let defined: DefinedBackend | undefined;

/** Records the definition made at import, for {@link backendStatus}. */
export function setDefinedCudaBackend(definition: DefinedBackend): void {
  defined = definition;
}

/**
 * Whether 'cuda' can run in this process: `{ available: true }`, or `{ available: false, reason }`
 * (no addon for this platform, no CUDA driver, no device, cuBLAS/cuDNN missing, or the backend
 * failed to initialise). `cudaStatus()` adds the device and the libraries found.
 */
export function backendStatus(): BackendStatus {
  return defined?.status() ?? { available: false, reason: "@keras-ts/backend-cuda's entry point was not imported" };
}
