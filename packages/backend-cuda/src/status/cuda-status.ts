import { type AddonLoad, loadAddon } from '../loading/addon.js';
import { type CudaLibrary, LIBRARY_PATH_VARIABLE, type ResolvedLibrary, resolveLibrary } from '../loading/library-search.js';
import { defaultSitePackages } from '../loading/site-packages.js';
import type { CudaAddon } from '../native/addon-types.js';

/** The GPU the backend runs on. */
export interface CudaDevice {
  /** Marketing name, e.g. "NVIDIA H100 80GB HBM3". */
  name: string;
  /** Compute capability, e.g. "9.0". */
  computeCapability: string;
  /** Device memory in bytes. */
  totalMemory: number;
  /** CUDA driver version as the driver reports it (e.g. 13000). */
  driverVersion: number;
}

/** A library the backend opened (or tried to). */
export interface CudaLibraryStatus extends ResolvedLibrary {
  /** Library version as it reports it, when loaded. */
  version?: number;
  /** Why it did not load. */
  error?: string;
}

/** Whether the 'cuda' backend can run here, and why not when it cannot. */
export interface CudaStatus {
  /** True when the addon loaded, a device exists, and cuBLAS and cuDNN opened. */
  available: boolean;
  /** A sentence saying what was found, or what is missing and how to fix it. */
  reason: string;
  /** The device, when one was found. */
  device?: CudaDevice;
  /** Where cuBLAS and cuDNN were looked for and found. */
  libraries?: Partial<Record<CudaLibrary, CudaLibraryStatus>>;
}

/** Dependencies of {@link probeCuda}, injectable so the decision logic is tested without a GPU. */
export interface ProbeOptions {
  load?: () => AddonLoad;
  env?: Record<string, string | undefined>;
  sitePackages?: () => string[];
}

/** The status together with the addon it was computed from. */
export interface ProbeOutcome {
  status: CudaStatus;
  addon?: CudaAddon;
}

function describeSearch(): string {
  return `set ${LIBRARY_PATH_VARIABLE} to the folder holding it, install the NVIDIA wheel (pip install nvidia-cublas nvidia-cudnn-cu13), or put it on the system library path`;
}

/** A CUDA version number as the runtime reports it (13000) in the form people write it (13.0). */
function cudaVersion(version: number): string {
  return `${Math.floor(version / 1000)}.${(version % 1000) / 10}`;
}

/** Loads the addon, finds a device, resolves and opens cuBLAS and cuDNN; never throws. */
export function probeCuda(options: ProbeOptions = {}): ProbeOutcome {
  const loaded = (options.load ?? loadAddon)();
  if (loaded.addon === undefined) return { status: { available: false, reason: loaded.reason } };
  const addon = loaded.addon;
  const probe = addon.probe();
  if (probe.driverLibraryError !== undefined) {
    const cause = /cannot open shared object file/.test(probe.driverLibraryError)
      ? 'libcuda.so.1 not found'
      : `libcuda.so.1 did not load: ${probe.driverLibraryError}`;
    return {
      status: {
        available: false,
        reason: `no CUDA driver (${cause}). The cuda backend needs an NVIDIA GPU and its driver (for CUDA ${cudaVersion(probe.runtimeVersion)} or newer); without one use 'native' or 'wasm'.`,
      },
      addon,
    };
  }
  if (probe.deviceCount === 0 || probe.device === undefined) {
    const cause = probe.error ?? 'the CUDA runtime reports no device';
    return {
      status: {
        available: false,
        reason: `no usable CUDA device: ${cause}. The cuda backend needs an NVIDIA GPU (sm_80 or newer builds natively; others through PTX) and a driver for CUDA ${cudaVersion(probe.runtimeVersion)} or newer.`,
      },
      addon,
    };
  }
  const device: CudaDevice = { ...probe.device, driverVersion: probe.driverVersion };
  const env = options.env ?? process.env;
  const sitePackages = (options.sitePackages ?? (() => defaultSitePackages({ env })))();
  const cublas: CudaLibraryStatus = resolveLibrary('cublas', { env, sitePackages });
  const cudnn: CudaLibraryStatus = resolveLibrary('cudnn', { env, sitePackages });
  const opened = addon.loadLibraries(cublas.path, cudnn.path);
  if (opened.cublas !== '') cublas.error = opened.cublas;
  else if (opened.cublasVersion !== undefined) cublas.version = opened.cublasVersion;
  if (opened.cudnn !== '') cudnn.error = opened.cudnn;
  else if (opened.cudnnVersion !== undefined) cudnn.version = opened.cudnnVersion;
  const libraries = { cublas, cudnn };
  const failures = [cublas.error && `cuBLAS: ${cublas.error}`, cudnn.error && `cuDNN: ${cudnn.error}`].filter(Boolean);
  if (failures.length > 0) {
    return { status: { available: false, reason: `${failures.join('; ')}. To fix: ${describeSearch()}.`, device, libraries }, addon };
  }
  return {
    status: {
      available: true,
      reason: `${device.name} (compute capability ${device.computeCapability}); cuBLAS ${cublas.version} from ${cublas.path} (${cublas.source}); cuDNN ${cudnn.version} from ${cudnn.path} (${cudnn.source}); ${mathNote(opened.tensorFloat32 === true)}.`,
      device,
      libraries,
    },
    addon,
  };
}

/** How float32 matrix products and convolutions are computed, for the status sentence. */
function mathNote(tensorFloat32: boolean): string {
  return tensorFloat32
    ? 'float32 products and convolutions may use TF32 tensor cores (KERAS_TS_CUDA_TF32=1; results differ from the cpu backend by ~1e-3 relative)'
    : 'float32 products and convolutions in full FP32 (set KERAS_TS_CUDA_TF32=1 to allow TF32 tensor cores)';
}

let cached: ProbeOutcome | undefined;

/** Probes once per process and remembers the outcome. */
export function cachedProbe(): ProbeOutcome {
  cached ??= probeCuda();
  return cached;
}

/**
 * Whether the 'cuda' backend is usable in this process: `{ available, reason, device? }`.
 * When `available` is false the backend was not registered and `reason` says why.
 */
export function cudaStatus(): CudaStatus {
  return cachedProbe().status;
}
