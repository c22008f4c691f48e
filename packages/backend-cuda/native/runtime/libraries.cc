#include "runtime/libraries.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace keras_ts_cuda {
namespace {

Cublas cublas;
Cudnn cudnn;
bool cublasReady = false;
bool cudnnReady = false;

void* Open(const std::string& path, std::string* error) {
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* message = dlerror();
    *error = "dlopen(" + path + ") failed: " + (message ? message : "unknown error");
  }
  return library;
}

#define KERAS_TS_RESOLVE(name)                                                         \
  table.name = reinterpret_cast<decltype(table.name)>(dlsym(library, #name));          \
  if (table.name == nullptr) return "symbol " #name " is missing from " + path;

}  // namespace

bool TensorFloat32Allowed() {
  const char* value = std::getenv("KERAS_TS_CUDA_TF32");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

std::string LoadCublas(const std::string& path) {
  if (cublasReady) return "";
  std::string error;
  void* library = Open(path, &error);
  if (library == nullptr) return error;
  Cublas& table = cublas;
  KERAS_TS_CUBLAS_FUNCTIONS(KERAS_TS_RESOLVE)
  const cublasStatus_t status = table.cublasCreate_v2(&table.handle);
  if (status != CUBLAS_STATUS_SUCCESS) return "cublasCreate failed with status " + std::to_string(static_cast<int>(status));
  table.cublasSetStream_v2(table.handle, nullptr);
  table.tensorFloat32 = TensorFloat32Allowed();
  const cublasStatus_t math = table.cublasSetMathMode(table.handle, table.tensorFloat32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH);
  if (math != CUBLAS_STATUS_SUCCESS) return "cublasSetMathMode failed with status " + std::to_string(static_cast<int>(math));
  table.path = path;
  cublasReady = true;
  return "";
}

std::string LoadCudnn(const std::string& path) {
  if (cudnnReady) return "";
  std::string error;
  void* library = Open(path, &error);
  if (library == nullptr) return error;
  Cudnn& table = cudnn;
  KERAS_TS_CUDNN_FUNCTIONS(KERAS_TS_RESOLVE)
  const cudnnStatus_t status = table.cudnnCreate(&table.handle);
  if (status != CUDNN_STATUS_SUCCESS) return std::string("cudnnCreate failed: ") + table.cudnnGetErrorString(status);
  table.tensorFloat32 = TensorFloat32Allowed();
  table.path = path;
  cudnnReady = true;
  return "";
}

Cublas& GetCublas() {
  if (!cublasReady) throw std::runtime_error("cuda: cuBLAS is not loaded; see cudaStatus().libraries for why (set KERAS_TS_CUDA_LIBRARY_PATH to the folder holding libcublas.so.13 or .12).");
  return cublas;
}

Cudnn& GetCudnn() {
  if (!cudnnReady) throw std::runtime_error("cuda: cuDNN is not loaded; see cudaStatus().libraries for why (set KERAS_TS_CUDA_LIBRARY_PATH to the folder holding libcudnn.so.9).");
  return cudnn;
}

bool CublasLoaded() { return cublasReady; }
bool CudnnLoaded() { return cudnnReady; }

}  // namespace keras_ts_cuda
