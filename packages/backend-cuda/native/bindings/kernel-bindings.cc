// N-API bindings for the elementwise and structure kernels (kernels/*.cu). Shapes, strides and
// offsets are computed in TypeScript; these functions only check ranks and launch.
#include <string>

#include "bindings/arguments.h"
#include "bindings/registry.h"
#include "kernels/launchers.h"

namespace keras_ts_cuda {
namespace {

DType TypeArgument(const Napi::CallbackInfo& info, std::size_t index) { return static_cast<DType>(IntegerArgument(info, index)); }

void CheckRank(std::size_t rank) {
  if (rank > static_cast<std::size_t>(kMaxRank)) throw std::invalid_argument("cuda: rank " + std::to_string(rank) + " exceeds the kernel limit of 6 after merging dimensions");
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchUnary(static_cast<int>(IntegerArgument(info, 0)), TypeArgument(info, 1), PointerArgument(info, 2), PointerArgument(info, 3), IntegerArgument(info, 4),
                static_cast<float>(NumberArgument(info, 5)), static_cast<float>(NumberArgument(info, 6)));
    return info.Env().Undefined();
  });
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const auto shape = IntegerListArgument(info, 6);
    const auto aStrides = IntegerListArgument(info, 7);
    const auto bStrides = IntegerListArgument(info, 8);
    CheckRank(shape.size());
    BroadcastShape broadcast{};
    broadcast.rank = static_cast<int>(shape.size());
    for (std::size_t k = 0; k < shape.size(); ++k) {
      broadcast.shape[k] = shape[k];
      broadcast.aStride[k] = aStrides.at(k);
      broadcast.bStride[k] = bStrides.at(k);
    }
    LaunchBinary(static_cast<int>(IntegerArgument(info, 0)), TypeArgument(info, 1), PointerArgument(info, 2), PointerArgument(info, 3), PointerArgument(info, 4),
                 IntegerArgument(info, 5), broadcast);
    return info.Env().Undefined();
  });
}

Napi::Value Cast(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchCast(TypeArgument(info, 0), TypeArgument(info, 1), BooleanArgument(info, 2), PointerArgument(info, 3), PointerArgument(info, 4), IntegerArgument(info, 5));
    return info.Env().Undefined();
  });
}

Napi::Value Fill(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchFill(TypeArgument(info, 0), PointerArgument(info, 1), IntegerArgument(info, 2), NumberArgument(info, 3));
    return info.Env().Undefined();
  });
}

Napi::Value Select(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchSelect(static_cast<const int*>(PointerArgument(info, 0)), PointerArgument(info, 1), PointerArgument(info, 2), PointerArgument(info, 3), IntegerArgument(info, 4),
                 IntegerArgument(info, 5));
    return info.Env().Undefined();
  });
}

Napi::Value BiasActivation(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchBiasActivation(static_cast<float*>(PointerArgument(info, 0)), IntegerArgument(info, 1), IntegerArgument(info, 2), static_cast<const float*>(PointerArgument(info, 3)),
                         IntegerArgument(info, 4), static_cast<int>(IntegerArgument(info, 5)), static_cast<const float*>(PointerArgument(info, 6)), IntegerArgument(info, 7),
                         static_cast<float>(NumberArgument(info, 8)));
    return info.Env().Undefined();
  });
}

Napi::Value CopyStrided(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const auto shape = IntegerListArgument(info, 2);
    const auto inStrides = IntegerListArgument(info, 3);
    const auto outStrides = IntegerListArgument(info, 4);
    CheckRank(shape.size());
    StridedCopy copy{};
    copy.rank = static_cast<int>(shape.size());
    copy.inOffset = IntegerArgument(info, 5);
    copy.outOffset = IntegerArgument(info, 6);
    copy.useModulo = info.Length() > 7 && info[7].IsArray();
    const auto modulo = copy.useModulo ? IntegerListArgument(info, 7) : std::vector<std::int64_t>(shape.size(), 1);
    for (std::size_t k = 0; k < shape.size(); ++k) {
      copy.shape[k] = shape[k];
      copy.inStride[k] = inStrides.at(k);
      copy.outStride[k] = outStrides.at(k);
      copy.modulo[k] = modulo.at(k);
    }
    LaunchCopyStrided(PointerArgument(info, 0), PointerArgument(info, 1), copy);
    return info.Env().Undefined();
  });
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchReduce(static_cast<int>(IntegerArgument(info, 0)), TypeArgument(info, 1), PointerArgument(info, 2), PointerArgument(info, 3), IntegerArgument(info, 4),
                 IntegerArgument(info, 5));
    return info.Env().Undefined();
  });
}

Napi::Value ArgReduce(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchArgReduce(BooleanArgument(info, 0), TypeArgument(info, 1), PointerArgument(info, 2), static_cast<int*>(PointerArgument(info, 3)), IntegerArgument(info, 4),
                    IntegerArgument(info, 5));
    return info.Env().Undefined();
  });
}

Napi::Value Softmax(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchSoftmax(static_cast<const float*>(PointerArgument(info, 0)), static_cast<float*>(PointerArgument(info, 1)), IntegerArgument(info, 2), IntegerArgument(info, 3));
    return info.Env().Undefined();
  });
}

Napi::Value Gather(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchGather(PointerArgument(info, 0), static_cast<const int*>(PointerArgument(info, 1)), PointerArgument(info, 2), IntegerArgument(info, 3), IntegerArgument(info, 4),
                 IntegerArgument(info, 5), IntegerArgument(info, 6), IntegerArgument(info, 7));
    return info.Env().Undefined();
  });
}

Napi::Value UnsortedSegmentSum(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchUnsortedSegmentSum(TypeArgument(info, 0), PointerArgument(info, 1), static_cast<const int*>(PointerArgument(info, 2)), PointerArgument(info, 3),
                             IntegerArgument(info, 4), IntegerArgument(info, 5), IntegerArgument(info, 6));
    return info.Env().Undefined();
  });
}

Napi::Value OneHot(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    LaunchOneHot(TypeArgument(info, 0), static_cast<const int*>(PointerArgument(info, 1)), PointerArgument(info, 2), IntegerArgument(info, 3), IntegerArgument(info, 4),
                 static_cast<float>(NumberArgument(info, 5)), static_cast<float>(NumberArgument(info, 6)));
    return info.Env().Undefined();
  });
}

}  // namespace

void RegisterElementwiseBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("cast", Napi::Function::New(env, Cast));
  exports.Set("fill", Napi::Function::New(env, Fill));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("biasActivation", Napi::Function::New(env, BiasActivation));
}

void RegisterStructureBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("copyStrided", Napi::Function::New(env, CopyStrided));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("argReduce", Napi::Function::New(env, ArgReduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
  exports.Set("gather", Napi::Function::New(env, Gather));
  exports.Set("unsortedSegmentSum", Napi::Function::New(env, UnsortedSegmentSum));
  exports.Set("oneHot", Napi::Function::New(env, OneHot));
}

}  // namespace keras_ts_cuda
