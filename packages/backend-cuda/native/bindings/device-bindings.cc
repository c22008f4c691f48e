// N-API bindings for device discovery, library loading, memory and host<->device copies.
#include <cuda_runtime.h>
#include <dlfcn.h>

#include "bindings/arguments.h"
#include "bindings/registry.h"
#include "runtime/device.h"
#include "runtime/libraries.h"

namespace keras_ts_cuda {

DeviceAllocator& Allocator() {
  // Never destroyed: freeing device memory during process exit races the driver's own teardown.
  static auto* allocator = new DeviceAllocator(CudaDeviceApi{});
  return *allocator;
}

namespace {

Napi::Value Probe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  int driverVersion = 0;
  int runtimeVersion = 0;
  cudaDriverGetVersion(&driverVersion);
  cudaRuntimeGetVersion(&runtimeVersion);
  result.Set("driverVersion", driverVersion);
  result.Set("runtimeVersion", runtimeVersion);
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess) {
    result.Set("deviceCount", 0);
    result.Set("error", std::string(cudaGetErrorName(error)) + ": " + cudaGetErrorString(error));
    cudaGetLastError();
    // The static cudart reports a missing driver as "insufficient driver"; say which it is.
    void* driver = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (driver == nullptr) {
      const char* message = dlerror();
      result.Set("driverLibraryError", std::string(message != nullptr ? message : "libcuda.so.1 could not be opened"));
    } else {
      dlclose(driver);
    }
    return result;
  }
  result.Set("deviceCount", count);
  if (count == 0) return result;
  cudaDeviceProp properties{};
  CheckCuda(cudaGetDeviceProperties(&properties, 0), "cudaGetDeviceProperties");
  CheckCuda(cudaSetDevice(0), "cudaSetDevice");
  Napi::Object device = Napi::Object::New(env);
  device.Set("name", std::string(properties.name));
  device.Set("computeCapability", std::to_string(properties.major) + "." + std::to_string(properties.minor));
  device.Set("totalMemory", static_cast<double>(properties.totalGlobalMem));
  device.Set("multiprocessors", properties.multiProcessorCount);
  result.Set("device", device);
  return result;
}

Napi::Value LoadLibraries(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Napi::Object result = Napi::Object::New(info.Env());
    const std::string cublasError = LoadCublas(info[0].As<Napi::String>().Utf8Value());
    const std::string cudnnError = LoadCudnn(info[1].As<Napi::String>().Utf8Value());
    result.Set("cublas", cublasError);
    result.Set("cudnn", cudnnError);
    if (CublasLoaded()) {
      int version = 0;
      GetCublas().cublasGetVersion_v2(GetCublas().handle, &version);
      result.Set("cublasVersion", version);
    }
    if (CudnnLoaded()) result.Set("cudnnVersion", static_cast<double>(GetCudnn().cudnnGetVersion()));
    result.Set("tensorFloat32", TensorFloat32Allowed());
    return result;
  });
}

Napi::Value Allocate(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    return PointerValue(info.Env(), Allocator().Allocate(static_cast<std::size_t>(IntegerArgument(info, 0))));
  });
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Allocator().Free(PointerArgument(info, 0));
    return info.Env().Undefined();
  });
}

Napi::Object StatsObject(Napi::Env env, const AllocatorStats& stats) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("bytesInUse", static_cast<double>(stats.bytesInUse));
  result.Set("bytesCached", static_cast<double>(stats.bytesCached));
  result.Set("bytesRequested", static_cast<double>(stats.bytesRequested));
  result.Set("peakBytesReserved", static_cast<double>(stats.peakBytesReserved));
  result.Set("allocations", static_cast<double>(stats.allocations));
  result.Set("cacheHits", static_cast<double>(stats.cacheHits));
  result.Set("deviceAllocations", static_cast<double>(stats.deviceAllocations));
  result.Set("deviceFrees", static_cast<double>(stats.deviceFrees));
  result.Set("retriesAfterFlush", static_cast<double>(stats.retriesAfterFlush));
  result.Set("liveBlocks", static_cast<double>(stats.liveBlocks));
  result.Set("cachedBlocks", static_cast<double>(stats.cachedBlocks));
  return result;
}

Napi::Value MemoryStats(const Napi::CallbackInfo& info) { return StatsObject(info.Env(), Allocator().Stats()); }

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    Allocator().EmptyCache();
    return info.Env().Undefined();
  });
}

// upload(pointer, typedArray): host -> device, synchronous with respect to the host buffer.
Napi::Value Upload(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const Napi::TypedArray array = info[1].As<Napi::TypedArray>();
    const auto* source = static_cast<const char*>(array.ArrayBuffer().Data()) + array.ByteOffset();
    CheckCuda(cudaMemcpy(PointerArgument(info, 0), source, array.ByteLength(), cudaMemcpyHostToDevice), "cudaMemcpy (host to device)");
    return info.Env().Undefined();
  });
}

// download(pointer, typedArray): device -> host; waits for the kernels that write the buffer.
Napi::Value Download(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Napi::TypedArray array = info[1].As<Napi::TypedArray>();
    auto* destination = static_cast<char*>(array.ArrayBuffer().Data()) + array.ByteOffset();
    CheckCuda(cudaMemcpy(destination, PointerArgument(info, 0), array.ByteLength(), cudaMemcpyDeviceToHost), "cudaMemcpy (device to host)");
    return info.Env().Undefined();
  });
}

Napi::Value CopyDevice(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    CheckCuda(cudaMemcpyAsync(PointerArgument(info, 1), PointerArgument(info, 0), static_cast<std::size_t>(IntegerArgument(info, 2)), cudaMemcpyDeviceToDevice),
              "cudaMemcpyAsync (device to device)");
    return info.Env().Undefined();
  });
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return info.Env().Undefined();
  });
}

}  // namespace

void RegisterDeviceBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("probe", Napi::Function::New(env, Probe));
  exports.Set("loadLibraries", Napi::Function::New(env, LoadLibraries));
  exports.Set("allocate", Napi::Function::New(env, Allocate));
  exports.Set("free", Napi::Function::New(env, Free));
  exports.Set("memoryStats", Napi::Function::New(env, MemoryStats));
  exports.Set("emptyCache", Napi::Function::New(env, EmptyCache));
  exports.Set("upload", Napi::Function::New(env, Upload));
  exports.Set("download", Napi::Function::New(env, Download));
  exports.Set("copyDevice", Napi::Function::New(env, CopyDevice));
  exports.Set("synchronize", Napi::Function::New(env, Synchronize));
}

Napi::Object AllocatorStatsObject(Napi::Env env, const AllocatorStats& stats) { return StatsObject(env, stats); }

}  // namespace keras_ts_cuda
