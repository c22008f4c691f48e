// Elementwise kernels: unary maps, broadcasting binary maps, select and addN.
#include <cmath>
#include <limits>
#include <string>

#include "common.h"

namespace kts {
namespace {

// The order of these names is the op code JavaScript passes; JavaScript reads the lists
// from the addon, so the two sides cannot drift apart.
const char* const kUnaryOps[] = {
    "Abs",  "Neg",   "Square", "Sign",  "Relu",  "Exp",   "Expm1", "Log",        "Log1p",    "Sqrt",
    "Rsqrt", "Reciprocal", "Sigmoid", "Tanh", "Relu6", "Elu", "Selu", "Softplus", "Step", "LeakyRelu",
    "Floor", "Ceil", "Round", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
    "Cosh", "Asinh", "Acosh", "Atanh", "Erf", "ClipByValue", "IsNan", "IsInf", "IsFinite", "LogicalNot"};
enum UnaryOp {
  kAbs, kNeg, kSquare, kSign, kRelu, kExp, kExpm1, kLog, kLog1p, kSqrt,
  kRsqrt, kReciprocal, kSigmoid, kTanh, kRelu6, kElu, kSelu, kSoftplus, kStep, kLeakyRelu,
  kFloor, kCeil, kRound, kSin, kCos, kTan, kAsin, kAcos, kAtan, kSinh,
  kCosh, kAsinh, kAcosh, kAtanh, kErf, kClipByValue, kIsNan, kIsInf, kIsFinite, kLogicalNot, kUnaryCount
};

const char* const kBinaryOps[] = {"Add",   "Sub",      "Multiply",  "Maximum",      "Minimum",    "SquaredDifference",
                                  "FloorDiv", "Mod",   "Pow",       "RealDiv",      "Atan2",      "Prelu",
                                  "EluGrad", "Equal",  "NotEqual",  "Less",         "LessEqual",  "Greater",
                                  "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalXor"};
enum BinaryOp {
  kAdd, kSub, kMultiply, kMaximum, kMinimum, kSquaredDifference,
  kFloorDiv, kMod, kPow, kRealDiv, kAtan2, kPrelu,
  kEluGrad, kEqual, kNotEqual, kLess, kLessEqual, kGreater,
  kGreaterEqual, kLogicalAnd, kLogicalOr, kLogicalXor, kBinaryCount
};

template <typename In, typename Out, typename F>
void mapUnary(const In* x, Out* out, size_t length, F f) {
  for (size_t i = 0; i < length; ++i) out[i] = static_cast<Out>(f(x[i]));
}

template <typename In, typename Out>
void unaryTyped(int op, const In* x, Out* out, size_t n, float alpha, float beta) {
  // Integer tensors only reach the ops that keep their dtype (Abs, Neg, Square, Sign, Relu).
  using C = typename std::conditional<std::is_same<In, int32_t>::value && std::is_same<Out, int32_t>::value,
                                      int64_t, float>::type;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  switch (op) {
    case kAbs: return mapUnary(x, out, n, [](In v) { C c = v; return c < 0 ? -c : c; });
    case kNeg: return mapUnary(x, out, n, [](In v) { return -static_cast<C>(v); });
    case kSquare: return mapUnary(x, out, n, [](In v) { C c = v; return c * c; });
    case kSign: return mapUnary(x, out, n, [](In v) { C c = v; return c > 0 ? C(1) : (c < 0 ? C(-1) : C(0)); });
    case kRelu: return mapUnary(x, out, n, [](In v) { C c = v; return c < 0 ? C(0) : c; });
    case kExp: return mapUnary(x, out, n, [](In v) { return std::exp(static_cast<float>(v)); });
    case kExpm1: return mapUnary(x, out, n, [](In v) { return std::expm1(static_cast<float>(v)); });
    case kLog: return mapUnary(x, out, n, [](In v) { return std::log(static_cast<float>(v)); });
    case kLog1p: return mapUnary(x, out, n, [](In v) { return std::log1p(static_cast<float>(v)); });
    case kSqrt: return mapUnary(x, out, n, [](In v) { return std::sqrt(static_cast<float>(v)); });
    case kRsqrt: return mapUnary(x, out, n, [](In v) { return 1.0f / std::sqrt(static_cast<float>(v)); });
    case kReciprocal: return mapUnary(x, out, n, [](In v) { return 1.0f / static_cast<float>(v); });
    // Float inputs take the cloned, vectorized loops; both paths compute the same values.
    case kSigmoid:
      if constexpr (std::is_same<In, float>::value && std::is_same<Out, float>::value) return sigmoidArray(x, out, n);
      return mapUnary(x, out, n, [](In v) { return sigmoidOf(static_cast<float>(v)); });
    case kTanh:
      if constexpr (std::is_same<In, float>::value && std::is_same<Out, float>::value) return tanhArray(x, out, n);
      return mapUnary(x, out, n, [](In v) { return tanhOf(static_cast<float>(v)); });
    case kRelu6: return mapUnary(x, out, n, [](In v) { float c = v; return c < 0 ? 0.0f : (c > 6 ? 6.0f : c); });
    case kElu: return mapUnary(x, out, n, [](In v) { float c = v; return c >= 0 ? c : std::expm1(c); });
    case kSelu:
      return mapUnary(x, out, n, [](In v) {
        const float scale = 1.0507009873554805f, selu_alpha = 1.6732632423543772f;
        float c = v;
        return c > 0 ? scale * c : scale * selu_alpha * std::expm1(c);
      });
    case kSoftplus:
      return mapUnary(x, out, n, [](In v) {
        float c = v;
        return c > 0 ? c + std::log1p(std::exp(-c)) : std::log1p(std::exp(c));
      });
    case kStep:
      return mapUnary(x, out, n, [alpha, kNaN](In v) { float c = v; return c != c ? kNaN : (c > 0 ? 1.0f : alpha); });
    case kLeakyRelu: return mapUnary(x, out, n, [alpha](In v) { float c = v; return c < 0 ? alpha * c : c; });
    case kFloor: return mapUnary(x, out, n, [](In v) { return std::floor(static_cast<float>(v)); });
    case kCeil: return mapUnary(x, out, n, [](In v) { return std::ceil(static_cast<float>(v)); });
    // nearbyint rounds half to even under the default rounding mode, as tfjs's round does.
    case kRound: return mapUnary(x, out, n, [](In v) { return std::nearbyint(static_cast<float>(v)); });
    case kSin: return mapUnary(x, out, n, [](In v) { return std::sin(static_cast<float>(v)); });
    case kCos: return mapUnary(x, out, n, [](In v) { return std::cos(static_cast<float>(v)); });
    case kTan: return mapUnary(x, out, n, [](In v) { return std::tan(static_cast<float>(v)); });
    case kAsin: return mapUnary(x, out, n, [](In v) { return std::asin(static_cast<float>(v)); });
    case kAcos: return mapUnary(x, out, n, [](In v) { return std::acos(static_cast<float>(v)); });
    case kAtan: return mapUnary(x, out, n, [](In v) { return std::atan(static_cast<float>(v)); });
    case kSinh: return mapUnary(x, out, n, [](In v) { return std::sinh(static_cast<float>(v)); });
    case kCosh: return mapUnary(x, out, n, [](In v) { return std::cosh(static_cast<float>(v)); });
    case kAsinh: return mapUnary(x, out, n, [](In v) { return std::asinh(static_cast<float>(v)); });
    case kAcosh: return mapUnary(x, out, n, [](In v) { return std::acosh(static_cast<float>(v)); });
    case kAtanh: return mapUnary(x, out, n, [](In v) { return std::atanh(static_cast<float>(v)); });
    case kErf: return mapUnary(x, out, n, [](In v) { return std::erf(static_cast<float>(v)); });
    case kClipByValue:
      return mapUnary(x, out, n, [alpha, beta](In v) { float c = v; return c < alpha ? alpha : (c > beta ? beta : c); });
    case kIsNan: return mapUnary(x, out, n, [](In v) { return std::isnan(static_cast<float>(v)) ? 1 : 0; });
    case kIsInf: return mapUnary(x, out, n, [](In v) { return std::isinf(static_cast<float>(v)) ? 1 : 0; });
    case kIsFinite: return mapUnary(x, out, n, [](In v) { return std::isfinite(static_cast<float>(v)) ? 1 : 0; });
    case kLogicalNot: return mapUnary(x, out, n, [](In v) { return v ? 0 : 1; });
    default: break;
  }
}

// unary(op, x, out, alpha, beta)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const int64_t op = intOf(info[0], "op");
  View x = viewOf(info[1], "x");
  View out = viewOf(info[2], "out");
  const float alpha = static_cast<float>(numberOf(info[3], "alpha"));
  const float beta = static_cast<float>(numberOf(info[4], "beta"));
  if (op < 0 || op >= kUnaryCount) throw Napi::RangeError::New(info.Env(), "unary: unknown op code");
  if (x.length != out.length) throw Napi::RangeError::New(info.Env(), "unary: x and out sizes differ");
  const int o = static_cast<int>(op);
  const size_t n = x.length;
  using T = ElementType;
  if (x.type == T::Float32 && out.type == T::Float32) unaryTyped(o, x.f32(), out.f32(), n, alpha, beta);
  else if (x.type == T::Int32 && out.type == T::Int32) unaryTyped(o, x.i32(), out.i32(), n, alpha, beta);
  else if (x.type == T::Int32 && out.type == T::Float32) unaryTyped(o, x.i32(), out.f32(), n, alpha, beta);
  else if (x.type == T::Float32 && out.type == T::Bool) unaryTyped(o, x.f32(), out.u8(), n, alpha, beta);
  else if (x.type == T::Int32 && out.type == T::Bool) unaryTyped(o, x.i32(), out.u8(), n, alpha, beta);
  else if (x.type == T::Bool && out.type == T::Bool) unaryTyped(o, x.u8(), out.u8(), n, alpha, beta);
  else if (x.type == T::Bool && out.type == T::Float32) unaryTyped(o, x.u8(), out.f32(), n, alpha, beta);
  else throw Napi::TypeError::New(info.Env(), "unary: unsupported input/output element types");
  return info.Env().Undefined();
}

// How an operand walks the output: 1 as the output does (same strides wherever a dimension is
// longer than one), 0 as one broadcast value (stride 0 there), -1 otherwise.
inline int layoutAgainstOutput(const std::vector<int64_t>& shape, const std::vector<int64_t>& operand,
                               const std::vector<int64_t>& output) {
  bool same = true, single = true;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    same = same && operand[d] == output[d];
    single = single && operand[d] == 0;
  }
  return same ? 1 : single ? 0 : -1;
}

// Elements per thread from which a whole-array binary map is split over threads: waking a helper
// costs ≈ 10–15 µs, what a 65,536-element multiply takes on one thread (262,144: 154–165 µs on
// one thread, 77–91 µs on two).
constexpr size_t kMapChunk = size_t{1} << 16;

// shape and strides (a, b, out) are coalesced in place.
template <typename In, typename Out, typename F>
void mapBinary(const In* a, const In* b, Out* out, std::vector<int64_t>& shape,
               std::vector<std::vector<int64_t>>& strides, F f) {
  // Most calls are whole arrays, or an array and one value: one loop, no N-d walk.
  const int la = layoutAgainstOutput(shape, strides[0], strides[2]);
  const int lb = layoutAgainstOutput(shape, strides[1], strides[2]);
  if (la >= 0 && lb >= 0) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    if (n <= 0) return;
    const In va = *a, vb = *b;
    // Long maps are split over the helper threads (parallelFor): memory-bound, and each element's
    // result does not depend on the split.
    parallelFor(static_cast<size_t>(n), kMapChunk, [&](size_t begin, size_t end) {
      // Pointers in locals: a byte-sized Out may alias anything, which would reload captured ones.
      const In* const pa = a + begin;
      const In* const pb = b + begin;
      Out* const po = out + begin;
      const size_t length = end - begin;
      if (la == 1 && lb == 1)
        for (size_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(pa[i], pb[i]));
      else if (la == 1)
        for (size_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(pa[i], vb));
      else if (lb == 1)
        for (size_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(va, pb[i]));
      else
        for (size_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(va, vb));
    });
    return;
  }
  coalesce(shape, strides);
  forEachRow(shape, strides, [&](const int64_t* offsets, int64_t length, const int64_t* inner) {
    const In* pa = a + offsets[0];
    const In* pb = b + offsets[1];
    Out* po = out + offsets[2];
    const int64_t sa = inner[0], sb = inner[1];
    if (sa == 1 && sb == 1)
      for (int64_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(pa[i], pb[i]));
    else if (sa == 1 && sb == 0) {
      const In vb = *pb;
      for (int64_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(pa[i], vb));
    } else if (sa == 0 && sb == 1) {
      const In va = *pa;
      for (int64_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(va, pb[i]));
    } else
      for (int64_t i = 0; i < length; ++i) po[i] = static_cast<Out>(f(pa[i * sa], pb[i * sb]));
  });
}

template <typename T>
T floorMod(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    const T r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  } else {
    if (b == 0) return 0;
    const T r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
}

template <typename In, typename Out>
void binaryTyped(int op, const In* a, const In* b, Out* out, std::vector<int64_t>& shape,
                 std::vector<std::vector<int64_t>>& strides) {
  constexpr bool kFloat = std::is_floating_point<In>::value;
  using C = typename std::conditional<kFloat, float, int64_t>::type;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
#define KTS_BINARY(body) return mapBinary(a, b, out, shape, strides, [](In va, In vb) { C x = va, y = vb; body; })
  switch (op) {
    case kAdd: KTS_BINARY(return x + y);
    case kSub: KTS_BINARY(return x - y);
    case kMultiply: KTS_BINARY(return x * y);
    // NaN propagates, as Math.max / Math.min do in the cpu backend.
    case kMaximum: KTS_BINARY(if (x != x || y != y) return static_cast<C>(kNaN); return x > y ? x : y);
    case kMinimum: KTS_BINARY(if (x != x || y != y) return static_cast<C>(kNaN); return x < y ? x : y);
    case kSquaredDifference: KTS_BINARY(C d = x - y; return d * d);
    case kFloorDiv:
      if constexpr (kFloat) {
        KTS_BINARY(return std::floor(x / y));
      } else {
        KTS_BINARY(if (y == 0) return C(0); C q = x / y; return (q * y != x && ((x < 0) != (y < 0))) ? q - 1 : q);
      }
    case kMod: KTS_BINARY(return floorMod<C>(x, y));
    case kPow: KTS_BINARY(return static_cast<C>(std::pow(static_cast<double>(x), static_cast<double>(y))));
    case kRealDiv: KTS_BINARY(return static_cast<float>(x) / static_cast<float>(y));
    case kAtan2: KTS_BINARY(return std::atan2(static_cast<float>(x), static_cast<float>(y)));
    case kPrelu: KTS_BINARY(return x < 0 ? y * x : x);
    case kEluGrad: KTS_BINARY(return y >= 0 ? x : x * (y + 1));
    case kEqual: KTS_BINARY(return x == y ? 1 : 0);
    case kNotEqual: KTS_BINARY(return x != y ? 1 : 0);
    case kLess: KTS_BINARY(return x < y ? 1 : 0);
    case kLessEqual: KTS_BINARY(return x <= y ? 1 : 0);
    case kGreater: KTS_BINARY(return x > y ? 1 : 0);
    case kGreaterEqual: KTS_BINARY(return x >= y ? 1 : 0);
    case kLogicalAnd: KTS_BINARY(return (x != 0 && y != 0) ? 1 : 0);
    case kLogicalOr: KTS_BINARY(return (x != 0 || y != 0) ? 1 : 0);
    case kLogicalXor: KTS_BINARY(return ((x != 0) != (y != 0)) ? 1 : 0);
    default: break;
  }
#undef KTS_BINARY
}

// binary(op, a, aStrides, b, bStrides, out, outShape): strides are 0 along broadcast dimensions.
Napi::Value Binary(const Napi::CallbackInfo& info) {
  const int64_t op = intOf(info[0], "op");
  View a = viewOf(info[1], "a");
  std::vector<int64_t> aStrides = intsOf(info[2], "aStrides");
  View b = viewOf(info[3], "b");
  std::vector<int64_t> bStrides = intsOf(info[4], "bStrides");
  View out = viewOf(info[5], "out");
  std::vector<int64_t> shape = intsOf(info[6], "outShape");
  if (op < 0 || op >= kBinaryCount) throw Napi::RangeError::New(info.Env(), "binary: unknown op code");
  if (a.type != b.type) throw Napi::TypeError::New(info.Env(), "binary: a and b element types differ");
  if (aStrides.size() != shape.size() || bStrides.size() != shape.size())
    throw Napi::RangeError::New(info.Env(), "binary: strides and shape ranks differ");
  std::vector<int64_t> outStrides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    outStrides[d] = outStrides[d + 1] * shape[d + 1];
  int64_t outSize = 1;
  for (int64_t d : shape) outSize *= d;
  if (static_cast<size_t>(outSize) != out.length) throw Napi::RangeError::New(info.Env(), "binary: out size differs from outShape");
  // Moved in (a braced list would copy each).
  std::vector<std::vector<int64_t>> strides(3);
  strides[0] = std::move(aStrides);
  strides[1] = std::move(bStrides);
  strides[2] = std::move(outStrides);
  const int o = static_cast<int>(op);
  using T = ElementType;
  if (a.type == T::Float32 && out.type == T::Float32) binaryTyped(o, a.f32(), b.f32(), out.f32(), shape, strides);
  else if (a.type == T::Float32 && out.type == T::Bool) binaryTyped(o, a.f32(), b.f32(), out.u8(), shape, strides);
  else if (a.type == T::Int32 && out.type == T::Int32) binaryTyped(o, a.i32(), b.i32(), out.i32(), shape, strides);
  else if (a.type == T::Int32 && out.type == T::Float32) binaryTyped(o, a.i32(), b.i32(), out.f32(), shape, strides);
  else if (a.type == T::Int32 && out.type == T::Bool) binaryTyped(o, a.i32(), b.i32(), out.u8(), shape, strides);
  else if (a.type == T::Bool && out.type == T::Bool) binaryTyped(o, a.u8(), b.u8(), out.u8(), shape, strides);
  else throw Napi::TypeError::New(info.Env(), "binary: unsupported input/output element types");
  return info.Env().Undefined();
}

template <typename T>
void selectTyped(const uint8_t* condition, int64_t conditionSize, const T* t, const T* e, T* out, int64_t n) {
  if (conditionSize == n) {
    for (int64_t i = 0; i < n; ++i) out[i] = condition[i] ? t[i] : e[i];
    return;
  }
  // A rank-1 condition picks whole rows of t / e.
  const int64_t row = conditionSize == 0 ? 0 : n / conditionSize;
  for (int64_t r = 0; r < conditionSize; ++r)
    for (int64_t i = r * row; i < (r + 1) * row; ++i) out[i] = condition[r] ? t[i] : e[i];
}

// select(condition, t, e, out)
Napi::Value Select(const Napi::CallbackInfo& info) {
  View condition = viewOf(info[0], "condition");
  View t = viewOf(info[1], "t");
  View e = viewOf(info[2], "e");
  View out = viewOf(info[3], "out");
  if (t.type != e.type || t.type != out.type || t.length != e.length || t.length != out.length)
    throw Napi::TypeError::New(info.Env(), "select: t, e and out must match in type and size");
  const int64_t n = static_cast<int64_t>(out.length);
  const int64_t c = static_cast<int64_t>(condition.length);
  if (condition.type != ElementType::Bool) throw Napi::TypeError::New(info.Env(), "select: condition must be bool");
  if (out.type == ElementType::Float32) selectTyped(condition.u8(), c, t.f32(), e.f32(), out.f32(), n);
  else if (out.type == ElementType::Int32) selectTyped(condition.u8(), c, t.i32(), e.i32(), out.i32(), n);
  else selectTyped(condition.u8(), c, t.u8(), e.u8(), out.u8(), n);
  return info.Env().Undefined();
}

// addN(arrays, out): out = sum of same-sized arrays.
Napi::Value AddN(const Napi::CallbackInfo& info) {
  Napi::Array arrays = info[0].As<Napi::Array>();
  View out = viewOf(info[1], "out");
  for (size_t i = 0; i < out.length; ++i) {
    if (out.type == ElementType::Float32) out.f32()[i] = 0;
    else out.i32()[i] = 0;
  }
  for (uint32_t k = 0; k < arrays.Length(); ++k) {
    View x = viewOf(arrays.Get(k), "arrays[k]");
    if (x.length != out.length || x.type != out.type)
      throw Napi::RangeError::New(info.Env(), "addN: every input must match the output");
    if (out.type == ElementType::Float32) {
      float* o = out.f32();
      const float* p = x.f32();
      for (size_t i = 0; i < out.length; ++i) o[i] += p[i];
    } else {
      int32_t* o = out.i32();
      const int32_t* p = x.i32();
      for (size_t i = 0; i < out.length; ++i) o[i] += p[i];
    }
  }
  return info.Env().Undefined();
}

Napi::Array names(Napi::Env env, const char* const* list, size_t count) {
  Napi::Array array = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; ++i) array.Set(static_cast<uint32_t>(i), Napi::String::New(env, list[i]));
  return array;
}

}  // namespace

void registerElementwise(Napi::Env env, Napi::Object exports) {
  static_assert(sizeof(kUnaryOps) / sizeof(kUnaryOps[0]) == kUnaryCount, "unary op table");
  static_assert(sizeof(kBinaryOps) / sizeof(kBinaryOps[0]) == kBinaryCount, "binary op table");
  exports.Set("unaryOps", names(env, kUnaryOps, kUnaryCount));
  exports.Set("binaryOps", names(env, kBinaryOps, kBinaryCount));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("addN", Napi::Function::New(env, AddN));
}

}  // namespace kts
