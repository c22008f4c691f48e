// keras_ts_distributed.node: collectives for @keras-ts/distributed. MPI and NCCL are loaded at
// run time (dlopen), so the addon builds and loads on machines without either; every collective
// runs on one worker thread while the JavaScript thread waits with a timeout.
#include <napi.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>
#include <cstring>
#include <string>

#include "mpi-api.h"
#include "nccl-api.h"
#include "worker.h"

namespace kts {
namespace {

MpiApi mpi;
NcclApi nccl;
Worker* worker = nullptr;
int world_rank = 0;
char termination_notice[256] = {0};
size_t termination_notice_length = 0;

Worker& TheWorker() {
  if (worker == nullptr) worker = new Worker();
  return *worker;
}

/** Throws a JavaScript Error with `code` set, which the TypeScript side turns into a DistributedError. */
[[noreturn]] void Throw(Napi::Env env, const std::string& message, const char* code) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  throw error;
}

void RequireMpi(Napi::Env env) {
  if (mpi.library == nullptr) Throw(env, "MPI is not loaded; call initialize() first", "KERAS_TS_MPI_NOT_LOADED");
}

/** Runs `task` on the worker, throwing on a timeout (code KERAS_TS_COLLECTIVE_TIMEOUT) or a failure. */
void RunCollective(Napi::Env env, const char* name, double timeout_ms, std::function<TaskResult()> task) {
  if (TheWorker().stuck())
    Throw(env, std::string(name) + ": an earlier collective timed out and is still blocked; this process must exit", "KERAS_TS_COLLECTIVE_STUCK");
  TaskResult result;
  if (!TheWorker().run(std::move(task), timeout_ms, &result))
    Throw(env, std::string(name) + " did not complete within " + std::to_string(static_cast<long>(timeout_ms)) + " ms", "KERAS_TS_COLLECTIVE_TIMEOUT");
  if (!result.ok) Throw(env, result.message, "KERAS_TS_COLLECTIVE_FAILED");
}

TaskResult Check(int code, const char* call) {
  if (code == 0) return {};
  return {false, MpiError(mpi, call, code)};
}

double TimeoutOf(const Napi::Value& value) { return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : 0; }

Napi::Value LoadMpiLibrary(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadMpi(info[0].As<Napi::String>().Utf8Value(), &mpi));
}

Napi::Value InitMpi(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  int rank = 0, size = 1, provided = 0;
  RunCollective(env, "MPI_Init_thread", TimeoutOf(info[0]), [&]() -> TaskResult {
    int initialized = 0;
    mpi.Initialized(&initialized);
    if (!initialized) {
      TaskResult init = Check(mpi.Init_thread(nullptr, nullptr, kMpiThreadMultiple, &provided), "MPI_Init_thread");
      if (!init.ok) return init;
    }
    TaskResult got = Check(mpi.Comm_rank(mpi.comm_world, &rank), "MPI_Comm_rank");
    if (!got.ok) return got;
    return Check(mpi.Comm_size(mpi.comm_world, &size), "MPI_Comm_size");
  });
  world_rank = rank;
  Napi::Object result = Napi::Object::New(env);
  result.Set("rank", rank);
  result.Set("size", size);
  result.Set("threadLevel", provided);
  return result;
}

/** allReduceSum(send, receive, bucketElements, timeoutMs): receive = Σ send over ranks (receive may be send: in place). */
Napi::Value AllReduceSum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Napi::Float32Array send = info[0].As<Napi::Float32Array>();
  Napi::Float32Array receive = info[1].As<Napi::Float32Array>();
  if (receive.ElementLength() != send.ElementLength()) Throw(env, "allReduceSum: send and receive differ in length", "KERAS_TS_COLLECTIVE_FAILED");
  const size_t bucket = std::max<size_t>(1, static_cast<size_t>(info[2].As<Napi::Number>().Int64Value()));
  const float* input = send.Data();
  float* output = receive.Data();
  const bool in_place = input == output;
  const size_t length = send.ElementLength();
  // One non-blocking MPI_Iallreduce per bucket, all started at once (buckets pipeline), then
  // polled with short sleeps once a few polls found nothing: a rank that waits for a slower one
  // leaves its core to it instead of spinning in MPI's progress loop (which, on a machine with
  // more runnable threads than cores, slows the very rank it waits for).
  RunCollective(env, "MPI_Allreduce", TimeoutOf(info[3]), [=]() -> TaskResult {
    std::vector<MpiHandle> requests;
    for (size_t offset = 0; offset < length; offset += bucket) {
      const int count = static_cast<int>(std::min(bucket, length - offset));
      const void* from = in_place ? kMpiInPlace : static_cast<const void*>(input + offset);
      MpiHandle request = nullptr;
      TaskResult step = Check(mpi.Iallreduce(from, output + offset, count, mpi.type_float, mpi.op_sum, mpi.comm_world, &request), "MPI_Iallreduce");
      if (!step.ok) return step;
      requests.push_back(request);
    }
    size_t done = 0;
    auto idle_since = std::chrono::steady_clock::now();
    while (done < requests.size()) {
      int flag = 0;
      TaskResult step = Check(mpi.Test(&requests[done], &flag, nullptr), "MPI_Test");
      if (!step.ok) return step;
      if (flag) {
        done++;
        idle_since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - idle_since > std::chrono::microseconds(100)) {
        // Spinning 100 µs keeps small all-reduces fast; past that the other rank is computing.
        std::this_thread::sleep_for(std::chrono::microseconds(20));
      }
    }
    return {};
  });
  return env.Undefined();
}

Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Napi::TypedArray data = info[0].As<Napi::TypedArray>();
  uint8_t* bytes = static_cast<uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
  const size_t length = data.ByteLength();
  const int root = info[1].As<Napi::Number>().Int32Value();
  RunCollective(env, "MPI_Bcast", TimeoutOf(info[2]), [=]() -> TaskResult {
    const size_t chunk = 1 << 30;
    for (size_t offset = 0; offset < length; offset += chunk) {
      const int count = static_cast<int>(std::min(chunk, length - offset));
      TaskResult step = Check(mpi.Bcast(bytes + offset, count, mpi.type_byte, root, mpi.comm_world), "MPI_Bcast");
      if (!step.ok) return step;
    }
    return {};
  });
  return env.Undefined();
}

Napi::Value AllGatherCounts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  const int count = info[0].As<Napi::Number>().Int32Value();
  Napi::Int32Array counts = info[1].As<Napi::Int32Array>();
  int* out = counts.Data();
  RunCollective(env, "MPI_Allgather", TimeoutOf(info[2]), [=]() -> TaskResult {
    int local = count;
    return Check(mpi.Allgather(&local, 1, mpi.type_int, out, 1, mpi.type_int, mpi.comm_world), "MPI_Allgather");
  });
  return env.Undefined();
}

Napi::Value AllGatherv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Napi::Float32Array local = info[0].As<Napi::Float32Array>();
  Napi::Int32Array counts = info[1].As<Napi::Int32Array>();
  Napi::Float32Array out = info[2].As<Napi::Float32Array>();
  const float* send = local.Data();
  const int send_count = static_cast<int>(local.ElementLength());
  const int* count_data = counts.Data();
  const size_t ranks = counts.ElementLength();
  float* receive = out.Data();
  RunCollective(env, "MPI_Allgatherv", TimeoutOf(info[3]), [=]() -> TaskResult {
    std::string displacements_storage(ranks * sizeof(int), '\0');
    int* displacements = reinterpret_cast<int*>(&displacements_storage[0]);
    int offset = 0;
    for (size_t i = 0; i < ranks; i++) {
      displacements[i] = offset;
      offset += count_data[i];
    }
    return Check(mpi.Allgatherv(send, send_count, mpi.type_float, receive, count_data, displacements, mpi.type_float, mpi.comm_world),
                 "MPI_Allgatherv");
  });
  return env.Undefined();
}

/** MPI_Abort from the calling thread (the worker may be stuck in a collective): mpirun ends every rank. */
Napi::Value Abort(const Napi::CallbackInfo& info) {
  const int code = info[0].As<Napi::Number>().Int32Value();
  if (mpi.library != nullptr) mpi.Abort(mpi.comm_world, code);
  _exit(code);
}

Napi::Value Finalize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  if (nccl.comm != nullptr) {
    nccl.CommDestroy(nccl.comm);
    nccl.comm = nullptr;
  }
  RunCollective(env, "MPI_Finalize", TimeoutOf(info[0]), []() -> TaskResult {
    int finalized = 0;
    mpi.Finalized(&finalized);
    return finalized ? TaskResult{} : Check(mpi.Finalize(), "MPI_Finalize");
  });
  return env.Undefined();
}

void OnTerminate(int signal_number) {
  // Only async-signal-safe calls here: write(2), then the default action.
  if (termination_notice_length > 0) {
    ssize_t written = write(STDERR_FILENO, termination_notice, termination_notice_length);
    (void)written;
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

/**
 * mpirun ends the surviving ranks with SIGTERM when one dies; this makes each say why it stops
 * (Node's default would die silently).
 */
Napi::Value InstallTerminationNotice(const Napi::CallbackInfo& info) {
  std::string text = info[0].As<Napi::String>().Utf8Value();
  text = text.substr(0, sizeof(termination_notice) - 1);
  std::memcpy(termination_notice, text.data(), text.size());
  termination_notice_length = text.size();
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = OnTerminate;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  return info.Env().Undefined();
}

Napi::Value LoadNcclLibrary(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadNccl(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value(), &nccl));
}

void RequireNccl(Napi::Env env) {
  if (nccl.library == nullptr) Throw(env, "NCCL is not loaded", "KERAS_TS_NCCL_NOT_LOADED");
}

Napi::Value NcclUniqueIdBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireNccl(env);
  NcclUniqueId id;
  const int code = nccl.GetUniqueId(&id);
  if (code != 0) Throw(env, NcclError(nccl, "ncclGetUniqueId", code), "KERAS_TS_COLLECTIVE_FAILED");
  Napi::Uint8Array bytes = Napi::Uint8Array::New(env, sizeof(id.internal));
  std::memcpy(bytes.Data(), id.internal, sizeof(id.internal));
  return bytes;
}

Napi::Value NcclInit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireNccl(env);
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  NcclUniqueId id;
  std::memcpy(id.internal, bytes.Data(), std::min(sizeof(id.internal), bytes.ByteLength()));
  const int size = info[1].As<Napi::Number>().Int32Value();
  const int rank = info[2].As<Napi::Number>().Int32Value();
  const int device = info[3].As<Napi::Number>().Int32Value();
  RunCollective(env, "ncclCommInitRank", TimeoutOf(info[4]), [=]() -> TaskResult {
    if (nccl.SetDevice(device) != 0) return {false, "cudaSetDevice(" + std::to_string(device) + ") failed"};
    const int code = nccl.CommInitRank(&nccl.comm, size, id, rank);
    return code == 0 ? TaskResult{} : TaskResult{false, NcclError(nccl, "ncclCommInitRank", code)};
  });
  return env.Undefined();
}

/** A device pointer from JavaScript: a Number (exact below 2^53) or a BigInt. */
void* PointerOf(const Napi::Value& value) {
  if (value.IsBigInt()) {
    bool lossless = false;
    return reinterpret_cast<void*>(value.As<Napi::BigInt>().Uint64Value(&lossless));
  }
  return reinterpret_cast<void*>(static_cast<uintptr_t>(value.As<Napi::Number>().Int64Value()));
}

/** In-place sum (root < 0) or broadcast from `root` of `count` float32 on the device, then waits for the stream. */
Napi::Value NcclCollective(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireNccl(env);
  if (nccl.comm == nullptr) Throw(env, "NCCL has no communicator; initialize() with the 'cuda' backend first", "KERAS_TS_NCCL_NOT_LOADED");
  void* pointer = PointerOf(info[0]);
  const size_t count = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  const int root = info[2].As<Napi::Number>().Int32Value();
  RunCollective(env, root < 0 ? "ncclAllReduce" : "ncclBroadcast", TimeoutOf(info[3]), [=]() -> TaskResult {
    const int code = root < 0 ? nccl.AllReduce(pointer, pointer, count, kNcclFloat32, kNcclSum, nccl.comm, nullptr)
                              : nccl.Broadcast(pointer, pointer, count, kNcclFloat32, root, nccl.comm, nullptr);
    if (code != 0) return {false, NcclError(nccl, root < 0 ? "ncclAllReduce" : "ncclBroadcast", code)};
    const int synced = nccl.StreamSynchronize(nullptr);
    return synced == 0 ? TaskResult{} : TaskResult{false, "cudaStreamSynchronize failed with cudaError " + std::to_string(synced)};
  });
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("loadMpi", Napi::Function::New(env, LoadMpiLibrary));
  exports.Set("initMpi", Napi::Function::New(env, InitMpi));
  exports.Set("allReduceSum", Napi::Function::New(env, AllReduceSum));
  exports.Set("broadcast", Napi::Function::New(env, Broadcast));
  exports.Set("allGatherCounts", Napi::Function::New(env, AllGatherCounts));
  exports.Set("allGatherv", Napi::Function::New(env, AllGatherv));
  exports.Set("abort", Napi::Function::New(env, Abort));
  exports.Set("finalize", Napi::Function::New(env, Finalize));
  exports.Set("installTerminationNotice", Napi::Function::New(env, InstallTerminationNotice));
  exports.Set("loadNccl", Napi::Function::New(env, LoadNcclLibrary));
  exports.Set("ncclUniqueId", Napi::Function::New(env, NcclUniqueIdBytes));
  exports.Set("ncclInit", Napi::Function::New(env, NcclInit));
  exports.Set("ncclCollective", Napi::Function::New(env, NcclCollective));
  return exports;
}

}  // namespace
}  // namespace kts

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return kts::Init(env, exports); }

NODE_API_MODULE(keras_ts_distributed, InitAddon)
