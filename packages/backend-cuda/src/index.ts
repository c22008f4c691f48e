import './register-on-import.js';

export { CudaBackend, type CudaMemoryInfo, type CudaTensorData } from './backend/cuda-backend.js';
export { cudaKernelConfigs } from './backend/kernel-configs.js';
export { backendName, backendStatus, defineCudaBackend } from './backend/register.js';
export { ADDON_PATH_VARIABLE, type AddonLoad, loadAddon, PREBUILT_PACKAGES } from './loading/addon.js';
export {
  type CudaLibrary,
  LIBRARY_PATH_VARIABLE,
  LIBRARY_SONAMES,
  type LibrarySearchOptions,
  type ResolvedLibrary,
  resolveLibrary,
  WHEEL_LIBRARY_FOLDERS,
} from './loading/library-search.js';
export { defaultSitePackages, type SitePackagesOptions } from './loading/site-packages.js';
export type { AllocatorStats, ConvolutionParameters, CudaAddon, MemoryAddon, PoolForTesting, ProbeResult } from './native/addon-types.js';
export {
  type CudaDevice,
  type CudaLibraryStatus,
  type CudaStatus,
  cudaStatus,
  type ProbeOptions,
  type ProbeOutcome,
  probeCuda,
} from './status/cuda-status.js';
export type { BackendStatus } from '@keras-ts/backend-kit';
