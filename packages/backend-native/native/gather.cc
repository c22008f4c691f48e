// Index-driven kernels: GatherV2, UnsortedSegmentSum, OneHot.
#include <cstring>
#include <string>

#include "common.h"

namespace kts {
namespace {

// gather(x, indices, out, outer, axisSize, inner): x is [outer, axisSize, inner],
// out is [outer, indices.length, inner].
Napi::Value Gather(const Napi::CallbackInfo& info) {
  View x = viewOf(info[0], "x"), indices = viewOf(info[1], "indices"), out = viewOf(info[2], "out");
  const int64_t outer = intOf(info[3], "outer"), axisSize = intOf(info[4], "axisSize"), inner = intOf(info[5], "inner");
  const int64_t count = static_cast<int64_t>(indices.length);
  if (indices.type != ElementType::Int32 || x.type != out.type ||
      static_cast<size_t>(outer * axisSize * inner) != x.length || static_cast<size_t>(outer * count * inner) != out.length)
    throw Napi::RangeError::New(info.Env(), "gather: array types or sizes disagree");
  const size_t element = x.type == ElementType::Bool ? 1 : 4;
  const int32_t* index = indices.i32();
  for (int64_t j = 0; j < count; ++j)
    if (index[j] < 0 || index[j] >= axisSize)
      throw Napi::RangeError::New(info.Env(), "GatherV2: the index value " + std::to_string(index[j]) +
                                                  " is not in [0, " + std::to_string(axisSize - 1) + "]");
  const auto* source = static_cast<const uint8_t*>(x.data);
  auto* target = static_cast<uint8_t*>(out.data);
  const size_t rowBytes = static_cast<size_t>(inner) * element;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < count; ++j)
      std::memcpy(target + static_cast<size_t>(o * count + j) * rowBytes,
                  source + static_cast<size_t>(o * axisSize + index[j]) * rowBytes, rowBytes);
  return info.Env().Undefined();
}

template <typename T>
void segmentSumTyped(const T* x, const int32_t* ids, int64_t count, T* out, int64_t numSegments, int64_t inner) {
  std::memset(out, 0, static_cast<size_t>(numSegments * inner) * sizeof(T));
  for (int64_t s = 0; s < count; ++s) {
    const int32_t id = ids[s];
    if (id < 0 || id >= numSegments) continue;  // TensorFlow drops out-of-range segment ids
    const T* row = x + s * inner;
    T* target = out + static_cast<int64_t>(id) * inner;
    for (int64_t i = 0; i < inner; ++i) target[i] += row[i];
  }
}

// unsortedSegmentSum(x, segmentIds, out, numSegments, inner): x is [segmentIds.length, inner].
Napi::Value UnsortedSegmentSum(const Napi::CallbackInfo& info) {
  View x = viewOf(info[0], "x"), ids = viewOf(info[1], "segmentIds"), out = viewOf(info[2], "out");
  const int64_t numSegments = intOf(info[3], "numSegments"), inner = intOf(info[4], "inner");
  const int64_t count = static_cast<int64_t>(ids.length);
  if (ids.type != ElementType::Int32 || x.type != out.type || static_cast<size_t>(count * inner) != x.length ||
      static_cast<size_t>(numSegments * inner) != out.length)
    throw Napi::RangeError::New(info.Env(), "unsortedSegmentSum: array types or sizes disagree");
  if (x.type == ElementType::Float32) segmentSumTyped(x.f32(), ids.i32(), count, out.f32(), numSegments, inner);
  else if (x.type == ElementType::Int32) segmentSumTyped(x.i32(), ids.i32(), count, out.i32(), numSegments, inner);
  else throw Napi::TypeError::New(info.Env(), "unsortedSegmentSum: x must be float32 or int32");
  return info.Env().Undefined();
}

// oneHot(indices, out, depth, onValue, offValue): out is [indices.length, depth].
Napi::Value OneHot(const Napi::CallbackInfo& info) {
  View indices = viewOf(info[0], "indices"), out = viewOf(info[1], "out");
  const int64_t depth = intOf(info[2], "depth");
  const double on = numberOf(info[3], "onValue"), off = numberOf(info[4], "offValue");
  if (indices.type != ElementType::Int32 || out.length != indices.length * static_cast<size_t>(depth))
    throw Napi::RangeError::New(info.Env(), "oneHot: array types or sizes disagree");
  for (size_t i = 0; i < indices.length; ++i) {
    const int32_t index = indices.i32()[i];
    for (int64_t d = 0; d < depth; ++d) {
      const double v = d == index ? on : off;
      const size_t at = i * static_cast<size_t>(depth) + static_cast<size_t>(d);
      if (out.type == ElementType::Float32) out.f32()[at] = static_cast<float>(v);
      else if (out.type == ElementType::Int32) out.i32()[at] = static_cast<int32_t>(v);
      else out.u8()[at] = v != 0 ? 1 : 0;
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void registerGather(Napi::Env env, Napi::Object exports) {
  exports.Set("gather", Napi::Function::New(env, Gather));
  exports.Set("unsortedSegmentSum", Napi::Function::New(env, UnsortedSegmentSum));
  exports.Set("oneHot", Napi::Function::New(env, OneHot));
}

}  // namespace kts
