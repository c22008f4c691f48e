#include "mpi-api.h"

#include <dlfcn.h>

namespace kts {

namespace {
template <typename T>
bool Find(void* library, const char* name, T* out, std::string* missing) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    if (!missing->empty()) *missing += ", ";
    *missing += name;
    return false;
  }
  *out = reinterpret_cast<T>(symbol);
  return true;
}
}  // namespace

std::string LoadMpi(const std::string& path, MpiApi* api) {
  if (api->library != nullptr) return "";
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (library == nullptr) {
    const char* error = dlerror();
    return error == nullptr ? "dlopen failed" : error;
  }
  std::string missing;
  MpiApi loaded;
  loaded.library = library;
  Find(library, "MPI_Init_thread", &loaded.Init_thread, &missing);
  Find(library, "MPI_Initialized", &loaded.Initialized, &missing);
  Find(library, "MPI_Finalized", &loaded.Finalized, &missing);
  Find(library, "MPI_Finalize", &loaded.Finalize, &missing);
  Find(library, "MPI_Comm_rank", &loaded.Comm_rank, &missing);
  Find(library, "MPI_Comm_size", &loaded.Comm_size, &missing);
  Find(library, "MPI_Allreduce", &loaded.Allreduce, &missing);
  Find(library, "MPI_Bcast", &loaded.Bcast, &missing);
  Find(library, "MPI_Allgather", &loaded.Allgather, &missing);
  Find(library, "MPI_Allgatherv", &loaded.Allgatherv, &missing);
  Find(library, "MPI_Iallreduce", &loaded.Iallreduce, &missing);
  Find(library, "MPI_Test", &loaded.Test, &missing);
  Find(library, "MPI_Abort", &loaded.Abort, &missing);
  Find(library, "MPI_Error_string", &loaded.Error_string, &missing);
  Find(library, "ompi_mpi_comm_world", &loaded.comm_world, &missing);
  Find(library, "ompi_mpi_float", &loaded.type_float, &missing);
  Find(library, "ompi_mpi_int", &loaded.type_int, &missing);
  Find(library, "ompi_mpi_byte", &loaded.type_byte, &missing);
  Find(library, "ompi_mpi_op_sum", &loaded.op_sum, &missing);
  if (!missing.empty()) {
    dlclose(library);
    return path + " lacks " + missing + " (it is not OpenMPI's libmpi.so.40; keras-ts uses OpenMPI's ABI)";
  }
  *api = loaded;
  return "";
}

std::string MpiError(const MpiApi& api, const char* call, int code) {
  char text[512] = {0};
  int length = 0;
  std::string message = std::string(call) + " failed with code " + std::to_string(code);
  if (api.Error_string != nullptr && api.Error_string(code, text, &length) == 0) message += ": " + std::string(text, length);
  return message;
}

}  // namespace kts
