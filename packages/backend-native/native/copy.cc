// Data movement: one strided copy serves Slice, StridedSlice, Reverse, Transpose, Tile,
// BroadcastTo, Concat, Split and Pad; plus fill and cast.
#include <cmath>
#include <cstring>

#include "common.h"

namespace kts {
namespace {

template <typename T>
void stridedCopyTyped(const T* src, int64_t srcOffset, T* dst, int64_t dstOffset, std::vector<int64_t> shape,
                      std::vector<int64_t> srcStrides, std::vector<int64_t> dstStrides) {
  std::vector<std::vector<int64_t>> strides{srcStrides, dstStrides};
  coalesce(shape, strides);
  forEachRow(shape, strides, [&](const int64_t* offsets, int64_t length, const int64_t* inner) {
    const T* s = src + srcOffset + offsets[0];
    T* d = dst + dstOffset + offsets[1];
    if (inner[0] == 1 && inner[1] == 1) {
      std::memcpy(d, s, static_cast<size_t>(length) * sizeof(T));
    } else if (inner[0] == 0) {
      const T v = *s;
      for (int64_t i = 0; i < length; ++i) d[i * inner[1]] = v;
    } else {
      for (int64_t i = 0; i < length; ++i) d[i * inner[1]] = s[i * inner[0]];
    }
  });
}

// stridedCopy(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape)
// Walks `shape`; element i of the walk goes from src[srcOffset + i.srcStrides] to
// dst[dstOffset + i.dstStrides]. Strides may be 0 (broadcast) or negative (reverse).
Napi::Value StridedCopy(const Napi::CallbackInfo& info) {
  View src = viewOf(info[0], "src");
  const int64_t srcOffset = intOf(info[1], "srcOffset");
  std::vector<int64_t> srcStrides = intsOf(info[2], "srcStrides");
  View dst = viewOf(info[3], "dst");
  const int64_t dstOffset = intOf(info[4], "dstOffset");
  std::vector<int64_t> dstStrides = intsOf(info[5], "dstStrides");
  std::vector<int64_t> shape = intsOf(info[6], "shape");
  if (src.type != dst.type) throw Napi::TypeError::New(info.Env(), "stridedCopy: src and dst types differ");
  if (srcStrides.size() != shape.size() || dstStrides.size() != shape.size())
    throw Napi::RangeError::New(info.Env(), "stridedCopy: strides and shape ranks differ");
  // Bounds: the lowest and highest element each side touches must lie inside its array.
  int64_t srcLow = srcOffset, srcHigh = srcOffset, dstLow = dstOffset, dstHigh = dstOffset;
  bool empty = false;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) empty = true;
    const int64_t span = shape[d] > 0 ? shape[d] - 1 : 0;
    (srcStrides[d] < 0 ? srcLow : srcHigh) += srcStrides[d] * span;
    (dstStrides[d] < 0 ? dstLow : dstHigh) += dstStrides[d] * span;
  }
  if (!empty && (srcLow < 0 || srcHigh >= static_cast<int64_t>(src.length) || dstLow < 0 ||
                 dstHigh >= static_cast<int64_t>(dst.length)))
    throw Napi::RangeError::New(info.Env(), "stridedCopy: walk leaves the arrays' bounds");
  if (empty) return info.Env().Undefined();
  if (src.type == ElementType::Bool)
    stridedCopyTyped(src.u8(), srcOffset, dst.u8(), dstOffset, shape, srcStrides, dstStrides);
  else
    stridedCopyTyped(static_cast<const uint32_t*>(src.data), srcOffset, static_cast<uint32_t*>(dst.data), dstOffset,
                     shape, srcStrides, dstStrides);
  return info.Env().Undefined();
}

// fill(dst, value)
Napi::Value Fill(const Napi::CallbackInfo& info) {
  View dst = viewOf(info[0], "dst");
  const double value = numberOf(info[1], "value");
  if (dst.type == ElementType::Float32) std::fill(dst.f32(), dst.f32() + dst.length, static_cast<float>(value));
  else if (dst.type == ElementType::Int32) std::fill(dst.i32(), dst.i32() + dst.length, static_cast<int32_t>(value));
  else std::fill(dst.u8(), dst.u8() + dst.length, static_cast<uint8_t>(value != 0 ? 1 : 0));
  return info.Env().Undefined();
}

template <typename In, typename Out>
void castTyped(const In* src, Out* dst, size_t n) {
  if constexpr (std::is_same<Out, uint8_t>::value) {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i] != 0 ? 1 : 0;
  } else if constexpr (std::is_same<Out, int32_t>::value && std::is_floating_point<In>::value) {
    // float -> int32 truncates toward zero, as an Int32Array store does; NaN becomes 0.
    for (size_t i = 0; i < n; ++i) {
      const float v = src[i];
      dst[i] = std::isfinite(v) ? static_cast<int32_t>(std::trunc(v)) : 0;
    }
  } else {
    for (size_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(src[i]);
  }
}

// cast(src, dst)
Napi::Value Cast(const Napi::CallbackInfo& info) {
  View src = viewOf(info[0], "src");
  View dst = viewOf(info[1], "dst");
  if (src.length != dst.length) throw Napi::RangeError::New(info.Env(), "cast: sizes differ");
  using T = ElementType;
  const size_t n = src.length;
  if (src.type == T::Float32 && dst.type == T::Int32) castTyped(src.f32(), dst.i32(), n);
  else if (src.type == T::Float32 && dst.type == T::Bool) castTyped(src.f32(), dst.u8(), n);
  else if (src.type == T::Int32 && dst.type == T::Float32) castTyped(src.i32(), dst.f32(), n);
  else if (src.type == T::Int32 && dst.type == T::Bool) castTyped(src.i32(), dst.u8(), n);
  else if (src.type == T::Bool && dst.type == T::Float32) castTyped(src.u8(), dst.f32(), n);
  else if (src.type == T::Bool && dst.type == T::Int32) castTyped(src.u8(), dst.i32(), n);
  else if (src.type == dst.type) std::memcpy(dst.data, src.data, n * (src.type == T::Bool ? 1 : 4));
  return info.Env().Undefined();
}

}  // namespace

void registerCopy(Napi::Env env, Napi::Object exports) {
  exports.Set("stridedCopy", Napi::Function::New(env, StridedCopy));
  exports.Set("fill", Napi::Function::New(env, Fill));
  exports.Set("cast", Napi::Function::New(env, Cast));
}

}  // namespace kts
