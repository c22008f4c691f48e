// Each bindings file adds its functions to the addon's exports.
#pragma once

#include <napi.h>

#include "runtime/caching-allocator.h"

namespace keras_ts_cuda {

void RegisterDeviceBindings(Napi::Env env, Napi::Object exports);
void RegisterElementwiseBindings(Napi::Env env, Napi::Object exports);
void RegisterStructureBindings(Napi::Env env, Napi::Object exports);
void RegisterBlasBindings(Napi::Env env, Napi::Object exports);
void RegisterDnnBindings(Napi::Env env, Napi::Object exports);
void RegisterPoolForTesting(Napi::Env env, Napi::Object exports);

Napi::Object AllocatorStatsObject(Napi::Env env, const AllocatorStats& stats);

}  // namespace keras_ts_cuda
