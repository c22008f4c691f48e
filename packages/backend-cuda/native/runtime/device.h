// The process-wide device state: the caching allocator over cudaMalloc and the CUDA error check.
#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "runtime/caching-allocator.h"

namespace keras_ts_cuda {

struct CudaDeviceApi {
  bool Allocate(std::size_t bytes, void** pointer) const {
    const cudaError_t error = cudaMalloc(pointer, bytes);
    if (error == cudaErrorMemoryAllocation) {
      cudaGetLastError();  // clear the sticky-free error so later calls do not see it
      return false;
    }
    if (error != cudaSuccess) throw std::runtime_error(std::string("cuda: cudaMalloc failed: ") + cudaGetErrorString(error));
    return true;
  }
  void Release(void* pointer) const { cudaFree(pointer); }
};

using DeviceAllocator = CachingAllocator<CudaDeviceApi>;

DeviceAllocator& Allocator();

inline void CheckCuda(cudaError_t error, const char* what) {
  if (error != cudaSuccess) throw std::runtime_error(std::string("cuda: ") + what + " failed: " + cudaGetErrorString(error));
}

}  // namespace keras_ts_cuda
