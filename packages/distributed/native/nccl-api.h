// NCCL (libnccl.so.2) and the CUDA runtime (libcudart) loaded at run time with dlopen, without
// nccl.h: the few functions data parallelism needs, with NCCL's stable C ABI (NCCL 2.x).
#pragma once

#include <cstddef>
#include <string>

namespace kts {

/** ncclUniqueId: 128 opaque bytes rank 0 creates and every rank receives (over MPI). */
struct NcclUniqueId {
  char internal[128];
};

/** ncclFloat32 and ncclSum in NCCL 2.x's enums. */
constexpr int kNcclFloat32 = 7;
constexpr int kNcclSum = 0;

struct NcclApi {
  void* library = nullptr;
  void* cudart = nullptr;
  int (*GetUniqueId)(NcclUniqueId*) = nullptr;
  int (*CommInitRank)(void**, int, NcclUniqueId, int) = nullptr;
  int (*CommDestroy)(void*) = nullptr;
  int (*AllReduce)(const void*, void*, size_t, int, int, void*, void*) = nullptr;
  int (*Broadcast)(const void*, void*, size_t, int, int, void*, void*) = nullptr;
  int (*AllGather)(const void*, void*, size_t, int, void*, void*) = nullptr;
  const char* (*GetErrorString)(int) = nullptr;
  int (*StreamSynchronize)(void*) = nullptr;
  int (*SetDevice)(int) = nullptr;
  void* comm = nullptr;
};

/** Loads NCCL from `nccl_path` and the CUDA runtime from the first of `cudart_paths` that loads; returns "" or why not. */
std::string LoadNccl(const std::string& nccl_path, const std::string& cudart_paths, NcclApi* api);

/** "<call> failed: <ncclGetErrorString>" for a non-zero ncclResult_t. */
std::string NcclError(const NcclApi& api, const char* call, int code);

}  // namespace kts
