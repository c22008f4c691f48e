// OpenMPI loaded at run time with dlopen, without mpi.h: the functions by name, and the predefined
// handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …) as the addresses of the global objects OpenMPI
// exports for them (ompi_mpi_comm_world, …). This is OpenMPI's ABI (libmpi.so.40, OpenMPI 3.x–5.x);
// MPICH and Intel MPI use integer handles and are not supported.
#pragma once

#include <string>

namespace kts {

using MpiHandle = void*;

struct MpiApi {
  void* library = nullptr;
  int (*Init_thread)(int*, char***, int, int*) = nullptr;
  int (*Initialized)(int*) = nullptr;
  int (*Finalized)(int*) = nullptr;
  int (*Finalize)() = nullptr;
  int (*Comm_rank)(MpiHandle, int*) = nullptr;
  int (*Comm_size)(MpiHandle, int*) = nullptr;
  int (*Allreduce)(const void*, void*, int, MpiHandle, MpiHandle, MpiHandle) = nullptr;
  int (*Bcast)(void*, int, MpiHandle, int, MpiHandle) = nullptr;
  int (*Allgather)(const void*, int, MpiHandle, void*, int, MpiHandle, MpiHandle) = nullptr;
  int (*Allgatherv)(const void*, int, MpiHandle, void*, const int*, const int*, MpiHandle, MpiHandle) = nullptr;
  int (*Iallreduce)(const void*, void*, int, MpiHandle, MpiHandle, MpiHandle, MpiHandle*) = nullptr;
  int (*Test)(MpiHandle*, int*, void*) = nullptr;
  int (*Abort)(MpiHandle, int) = nullptr;
  int (*Error_string)(int, char*, int*) = nullptr;
  MpiHandle comm_world = nullptr;
  MpiHandle type_float = nullptr;
  MpiHandle type_int = nullptr;
  MpiHandle type_byte = nullptr;
  MpiHandle op_sum = nullptr;
};

/** OpenMPI's MPI_IN_PLACE. */
inline void* const kMpiInPlace = reinterpret_cast<void*>(1);
/** OpenMPI's MPI_THREAD_MULTIPLE (MPI_THREAD_FUNNELED is 1). */
constexpr int kMpiThreadMultiple = 3;

/** Loads `path` (RTLD_GLOBAL: OpenMPI's plugins resolve libmpi's symbols) and every symbol; returns "" or why not. */
std::string LoadMpi(const std::string& path, MpiApi* api);

/** "MPI_Allreduce failed: <MPI_Error_string>" for a non-zero return code. */
std::string MpiError(const MpiApi& api, const char* call, int code);

}  // namespace kts
