import { describe, expect, it } from 'vitest';
import type { CudaAddon, ProbeResult } from '../native/addon-types.js';
import { probeCuda } from './cuda-status.js';

function fakeAddon(probe: ProbeResult, opened: { cublas: string; cudnn: string; tensorFloat32?: boolean }, requested: string[] = []): CudaAddon {
  return {
    probe: () => probe,
    loadLibraries: (cublas: string, cudnn: string) => {
      requested.push(cublas, cudnn);
      return { ...opened, ...(opened.cublas === '' ? { cublasVersion: 130100 } : {}), ...(opened.cudnn === '' ? { cudnnVersion: 91900 } : {}) };
    },
  } as unknown as CudaAddon;
}

const h100 = { name: 'NVIDIA H100 80GB HBM3', computeCapability: '9.0', totalMemory: 85e9, multiprocessors: 132 };

describe('probeCuda', () => {
  it('is unavailable with the build reason when the addon is missing', () => {
    const { status } = probeCuda({ load: () => ({ reason: 'the CUDA addon was not built: nvcc was not found' }) });
    expect(status).toEqual({ available: false, reason: 'the CUDA addon was not built: nvcc was not found' });
  });

  it('says there is no CUDA driver when libcuda.so.1 does not open', () => {
    const addon = fakeAddon(
      {
        driverVersion: 0,
        runtimeVersion: 13000,
        deviceCount: 0,
        error: 'cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version',
        driverLibraryError: 'libcuda.so.1: cannot open shared object file: No such file or directory',
      },
      { cublas: '', cudnn: '' },
    );
    const { status } = probeCuda({ load: () => ({ addon, path: 'x' }) });
    expect(status).toEqual({
      available: false,
      reason:
        "no CUDA driver (libcuda.so.1 not found). The cuda backend needs an NVIDIA GPU and its driver (for CUDA 13.0 or newer); without one use 'native' or 'wasm'.",
    });
  });

  it('is unavailable, naming the driver error, when there is no device', () => {
    const addon = fakeAddon(
      { driverVersion: 0, runtimeVersion: 13000, deviceCount: 0, error: 'cudaErrorInsufficientDriver: CUDA driver version is insufficient' },
      { cublas: '', cudnn: '' },
    );
    const { status } = probeCuda({ load: () => ({ addon, path: 'x' }) });
    expect(status.available).toBe(false);
    expect(status.reason).toContain('cudaErrorInsufficientDriver');
    expect(status.reason).toContain('CUDA 13.0');
    expect(status.device).toBeUndefined();
  });

  it('is unavailable with the dlopen error and the fix when cuDNN does not open', () => {
    const addon = fakeAddon(
      { driverVersion: 13000, runtimeVersion: 13000, deviceCount: 1, device: h100 },
      { cublas: '', cudnn: 'dlopen(libcudnn.so.9) failed: not found' },
    );
    const { status } = probeCuda({ load: () => ({ addon, path: 'x' }), env: {}, sitePackages: () => [] });
    expect(status.available).toBe(false);
    expect(status.reason).toContain('cuDNN: dlopen(libcudnn.so.9) failed');
    expect(status.reason).toContain('KERAS_TS_CUDA_LIBRARY_PATH');
    expect(status.device?.name).toBe('NVIDIA H100 80GB HBM3');
    expect(status.libraries?.cublas?.version).toBe(130100);
  });

  it('is available and passes the resolved paths to the addon', () => {
    const requested: string[] = [];
    const addon = fakeAddon({ driverVersion: 13000, runtimeVersion: 13000, deviceCount: 1, device: h100 }, { cublas: '', cudnn: '' }, requested);
    const { status } = probeCuda({ load: () => ({ addon, path: 'x' }), env: {}, sitePackages: () => [] });
    expect(status.available).toBe(true);
    expect(requested).toEqual(['libcublas.so.13', 'libcudnn.so.9']);
    expect(status.device).toEqual({ ...h100, driverVersion: 13000 });
    expect(status.reason).toContain('NVIDIA H100 80GB HBM3');
    expect(status.reason).toContain('in full FP32 (set KERAS_TS_CUDA_TF32=1 to allow TF32 tensor cores)');
  });

  it('says when KERAS_TS_CUDA_TF32=1 let the addon use TF32', () => {
    const addon = fakeAddon({ driverVersion: 13000, runtimeVersion: 13000, deviceCount: 1, device: h100 }, { cublas: '', cudnn: '', tensorFloat32: true });
    const { status } = probeCuda({ load: () => ({ addon, path: 'x' }), env: {}, sitePackages: () => [] });
    expect(status.available).toBe(true);
    expect(status.reason).toContain('may use TF32 tensor cores (KERAS_TS_CUDA_TF32=1');
  });
});
