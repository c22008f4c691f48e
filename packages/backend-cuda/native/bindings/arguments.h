// Argument helpers shared by the N-API bindings: device pointers travel to JavaScript as
// numbers (x86-64 user addresses fit in 48 bits, well inside a double's 53).
#pragma once

#include <napi.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace keras_ts_cuda {

inline void* PointerArgument(const Napi::CallbackInfo& info, std::size_t index) {
  if (info[index].IsNull() || info[index].IsUndefined()) return nullptr;
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(info[index].As<Napi::Number>().Int64Value()));
}

inline Napi::Number PointerValue(Napi::Env env, const void* pointer) {
  return Napi::Number::New(env, static_cast<double>(reinterpret_cast<std::uintptr_t>(pointer)));
}

inline std::int64_t IntegerArgument(const Napi::CallbackInfo& info, std::size_t index) { return info[index].As<Napi::Number>().Int64Value(); }
inline double NumberArgument(const Napi::CallbackInfo& info, std::size_t index) { return info[index].As<Napi::Number>().DoubleValue(); }
inline bool BooleanArgument(const Napi::CallbackInfo& info, std::size_t index) { return info[index].ToBoolean().Value(); }

inline std::vector<std::int64_t> IntegerListArgument(const Napi::CallbackInfo& info, std::size_t index) {
  const Napi::Array array = info[index].As<Napi::Array>();
  std::vector<std::int64_t> values(array.Length());
  for (std::uint32_t i = 0; i < array.Length(); ++i) values[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return values;
}

// Runs `body`, turning C++ exceptions into JavaScript errors.
inline Napi::Value Guard(const Napi::CallbackInfo& info, const std::function<Napi::Value()>& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& error) {
    throw Napi::Error::New(info.Env(), error.what());
  }
}

}  // namespace keras_ts_cuda
