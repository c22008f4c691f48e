// The caching allocator instantiated over a fake device, so that its accounting (rounding,
// reuse, flush-and-retry on out-of-memory) is tested from JavaScript on machines without a GPU.
// The fake hands out distinct fake addresses and refuses allocations past `capacity` bytes.
#include <cstdint>
#include <memory>

#include "bindings/arguments.h"
#include "bindings/registry.h"

namespace keras_ts_cuda {
namespace {

struct FakeDevice {
  std::size_t capacity = 0;
  std::size_t used = 0;
  std::uintptr_t next = 0x1000;
  std::shared_ptr<std::unordered_map<void*, std::size_t>> sizes = std::make_shared<std::unordered_map<void*, std::size_t>>();

  bool Allocate(std::size_t bytes, void** pointer) {
    if (used + bytes > capacity) return false;
    *pointer = reinterpret_cast<void*>(next);
    next += bytes + 0x1000;
    used += bytes;
    (*sizes)[*pointer] = bytes;
    return true;
  }
  void Release(void* pointer) {
    used -= (*sizes)[pointer];
    sizes->erase(pointer);
  }
};

class PoolForTesting : public Napi::ObjectWrap<PoolForTesting> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "PoolForTesting",
                       {InstanceMethod("allocate", &PoolForTesting::AllocateBlock), InstanceMethod("free", &PoolForTesting::FreeBlock),
                        InstanceMethod("emptyCache", &PoolForTesting::Empty), InstanceMethod("stats", &PoolForTesting::Stats),
                        InstanceMethod("deviceBytes", &PoolForTesting::DeviceBytes)});
  }

  explicit PoolForTesting(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<PoolForTesting>(info), allocator_(FakeDevice{static_cast<std::size_t>(IntegerArgument(info, 0))}) {}

 private:
  Napi::Value AllocateBlock(const Napi::CallbackInfo& info) {
    return Guard(info, [&]() -> Napi::Value { return PointerValue(info.Env(), allocator_.Allocate(static_cast<std::size_t>(IntegerArgument(info, 0)))); });
  }
  Napi::Value FreeBlock(const Napi::CallbackInfo& info) {
    return Guard(info, [&]() -> Napi::Value {
      allocator_.Free(PointerArgument(info, 0));
      return info.Env().Undefined();
    });
  }
  Napi::Value Empty(const Napi::CallbackInfo& info) {
    allocator_.EmptyCache();
    return info.Env().Undefined();
  }
  Napi::Value Stats(const Napi::CallbackInfo& info) { return AllocatorStatsObject(info.Env(), allocator_.Stats()); }
  Napi::Value DeviceBytes(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(allocator_.Device().used)); }

  CachingAllocator<FakeDevice> allocator_;
};

}  // namespace

void RegisterPoolForTesting(Napi::Env env, Napi::Object exports) { exports.Set("PoolForTesting", PoolForTesting::Define(env)); }

}  // namespace keras_ts_cuda
