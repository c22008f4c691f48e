#include "nccl-api.h"

#include <dlfcn.h>

#include <sstream>

namespace kts {

namespace {
template <typename T>
void Find(void* library, const char* name, T* out, std::string* missing) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    if (!missing->empty()) *missing += ", ";
    *missing += name;
    return;
  }
  *out = reinterpret_cast<T>(symbol);
}

std::string LastDlError() {
  const char* error = dlerror();
  return error == nullptr ? "dlopen failed" : error;
}
}  // namespace

std::string LoadNccl(const std::string& nccl_path, const std::string& cudart_paths, NcclApi* api) {
  if (api->library != nullptr) return "";
  NcclApi loaded;
  // cudart first: libnccl.so.2 needs the CUDA driver, which the runtime loads.
  std::stringstream paths(cudart_paths);
  std::string candidate;
  std::string cudart_errors;
  while (loaded.cudart == nullptr && std::getline(paths, candidate, ':')) {
    loaded.cudart = dlopen(candidate.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (loaded.cudart == nullptr) cudart_errors += (cudart_errors.empty() ? "" : "; ") + LastDlError();
  }
  if (loaded.cudart == nullptr) return "no CUDA runtime: " + cudart_errors;
  loaded.library = dlopen(nccl_path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (loaded.library == nullptr) return LastDlError();
  std::string missing;
  Find(loaded.library, "ncclGetUniqueId", &loaded.GetUniqueId, &missing);
  Find(loaded.library, "ncclCommInitRank", &loaded.CommInitRank, &missing);
  Find(loaded.library, "ncclCommDestroy", &loaded.CommDestroy, &missing);
  Find(loaded.library, "ncclAllReduce", &loaded.AllReduce, &missing);
  Find(loaded.library, "ncclBroadcast", &loaded.Broadcast, &missing);
  Find(loaded.library, "ncclAllGather", &loaded.AllGather, &missing);
  Find(loaded.library, "ncclGetErrorString", &loaded.GetErrorString, &missing);
  Find(loaded.cudart, "cudaStreamSynchronize", &loaded.StreamSynchronize, &missing);
  Find(loaded.cudart, "cudaSetDevice", &loaded.SetDevice, &missing);
  if (!missing.empty()) return nccl_path + " or the CUDA runtime lacks " + missing;
  *api = loaded;
  return "";
}

std::string NcclError(const NcclApi& api, const char* call, int code) {
  std::string message = std::string(call) + " failed with ncclResult_t " + std::to_string(code);
  if (api.GetErrorString != nullptr) message += std::string(": ") + api.GetErrorString(code);
  return message;
}

}  // namespace kts
