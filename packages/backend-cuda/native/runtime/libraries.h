// cuBLAS and cuDNN are opened with dlopen from paths the TypeScript side resolved (see
// src/loading/library-search.ts), so the addon loads on machines without them and the search
// order stays testable. The function types come from the vendor headers through decltype.
#pragma once

#include <cublas_v2.h>
#include <cudnn.h>

#include <string>

namespace keras_ts_cuda {

#define KERAS_TS_CUBLAS_FUNCTIONS(X) \
  X(cublasCreate_v2)                 \
  X(cublasDestroy_v2)                \
  X(cublasSetStream_v2)              \
  X(cublasGetVersion_v2)             \
  X(cublasSetMathMode)               \
  X(cublasSgemmStridedBatched)

#define KERAS_TS_CUDNN_FUNCTIONS(X)                  \
  X(cudnnCreate)                                     \
  X(cudnnGetVersion)                                 \
  X(cudnnGetErrorString)                             \
  X(cudnnCreateTensorDescriptor)                     \
  X(cudnnDestroyTensorDescriptor)                    \
  X(cudnnSetTensor4dDescriptor)                      \
  X(cudnnCreateFilterDescriptor)                     \
  X(cudnnDestroyFilterDescriptor)                    \
  X(cudnnSetFilter4dDescriptor)                      \
  X(cudnnCreateConvolutionDescriptor)                \
  X(cudnnDestroyConvolutionDescriptor)               \
  X(cudnnSetConvolution2dDescriptor)                 \
  X(cudnnSetConvolutionGroupCount)                   \
  X(cudnnSetConvolutionMathType)                     \
  X(cudnnGetConvolutionForwardAlgorithm_v7)          \
  X(cudnnGetConvolutionForwardWorkspaceSize)         \
  X(cudnnConvolutionForward)                         \
  X(cudnnGetConvolutionBackwardDataAlgorithm_v7)     \
  X(cudnnGetConvolutionBackwardDataWorkspaceSize)    \
  X(cudnnConvolutionBackwardData)                    \
  X(cudnnGetConvolutionBackwardFilterAlgorithm_v7)   \
  X(cudnnGetConvolutionBackwardFilterWorkspaceSize)  \
  X(cudnnConvolutionBackwardFilter)                  \
  X(cudnnCreatePoolingDescriptor)                    \
  X(cudnnDestroyPoolingDescriptor)                   \
  X(cudnnSetPooling2dDescriptor)                     \
  X(cudnnPoolingForward)                             \
  X(cudnnPoolingBackward)

#define KERAS_TS_DECLARE_POINTER(name) decltype(&::name) name = nullptr;

struct Cublas {
  KERAS_TS_CUBLAS_FUNCTIONS(KERAS_TS_DECLARE_POINTER)
  cublasHandle_t handle = nullptr;
  // Whether float32 products may run on TF32 tensor cores (see TensorFloat32Allowed).
  bool tensorFloat32 = false;
  std::string path;
};

struct Cudnn {
  KERAS_TS_CUDNN_FUNCTIONS(KERAS_TS_DECLARE_POINTER)
  cudnnHandle_t handle = nullptr;
  // Whether float32 convolutions may run on TF32 tensor cores (see TensorFloat32Allowed).
  bool tensorFloat32 = false;
  std::string path;
};

// TF32 keeps 10 mantissa bits: on Ampere and newer, cuDNN's default math lets float32
// convolutions use it, which moves results by ~1e-3 relative and breaks agreement with the cpu
// backend. Full float32 (FMA) is the default; KERAS_TS_CUDA_TF32=1 opts into TF32 for speed.
bool TensorFloat32Allowed();

// Opens the library at `path` (a full path, or a bare soname for the system search) and
// creates its handle on the current device. Returns an empty string on success, else why not.
std::string LoadCublas(const std::string& path);
std::string LoadCudnn(const std::string& path);

// The loaded libraries; they throw std::runtime_error naming the missing library otherwise.
Cublas& GetCublas();
Cudnn& GetCudnn();
bool CublasLoaded();
bool CudnnLoaded();

}  // namespace keras_ts_cuda
