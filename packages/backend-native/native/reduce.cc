// Reductions over the middle axis of an [outer, reduce, inner] view, arg-reductions, softmax.
#include <cmath>
#include <limits>

#include "common.h"

namespace kts {
namespace {

const char* const kReduceOps[] = {"Sum", "Prod", "Max", "Min", "Mean", "All", "Any"};
enum ReduceOp { kSum, kProd, kMax, kMin, kMean, kAll, kAny, kReduceCount };

// Always inlined, so that reduceFloat's clones compile it for their instruction sets.
template <typename In, typename Out>
inline __attribute__((always_inline)) void reduceTyped(int op, const In* x, Out* out, int64_t outer, int64_t size,
                                                       int64_t inner) {
  // Accumulate in double (the cpu backend accumulates in JavaScript numbers), in a per-thread buffer
  // that only grows: the bias gradients of every Dense and recurrent backward step come through here,
  // and a fresh vector per call was an allocation on the training step's path.
  thread_local std::vector<double> accumulators;
  if (accumulators.size() < static_cast<size_t>(inner)) accumulators.resize(static_cast<size_t>(inner));
  // Restrict-qualified: the compiler may then keep the accumulators apart from x and out (a byte-sized
  // In or Out could alias anything) and vectorize each row's pass.
  double* __restrict acc = accumulators.data();
  for (int64_t o = 0; o < outer; ++o) {
    const In* base = x + o * size * inner;
    double init = 0;
    if (op == kProd || op == kAll) init = 1;
    if (op == kMax) init = -std::numeric_limits<double>::infinity();
    if (op == kMin) init = std::numeric_limits<double>::infinity();
    std::fill(acc, acc + inner, init);
    for (int64_t r = 0; r < size; ++r) {
      const In* __restrict row = base + r * inner;
      switch (op) {
        case kSum:
        case kMean:
          for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
          break;
        case kProd:
          for (int64_t i = 0; i < inner; ++i) acc[i] *= row[i];
          break;
        case kMax:
          for (int64_t i = 0; i < inner; ++i) {
            const double v = row[i];
            if (v > acc[i] || v != v) acc[i] = v;
          }
          break;
        case kMin:
          for (int64_t i = 0; i < inner; ++i) {
            const double v = row[i];
            if (v < acc[i] || v != v) acc[i] = v;
          }
          break;
        case kAll:
          for (int64_t i = 0; i < inner; ++i) acc[i] = (acc[i] != 0 && row[i] != 0) ? 1 : 0;
          break;
        case kAny:
          for (int64_t i = 0; i < inner; ++i) acc[i] = (acc[i] != 0 || row[i] != 0) ? 1 : 0;
          break;
        default: break;
      }
    }
    Out* __restrict target = out + o * inner;
    for (int64_t i = 0; i < inner; ++i) {
      double v = acc[i];
      if (op == kMean) v = size == 0 ? std::numeric_limits<double>::quiet_NaN() : v / static_cast<double>(size);
      if constexpr (std::is_same<Out, int32_t>::value) target[i] = static_cast<int32_t>(std::trunc(v));
      else target[i] = static_cast<Out>(v);
    }
  }
}

// The float32 reductions (bias gradients, loss and metric means), cloned (KTS_CLONES, common.h):
// the double accumulators take four or eight lanes to an instruction with AVX2 / AVX-512, two with
// SSE (the MNIST convnet's 128 × 26 × 26 × 32 bias-gradient sum: 1.3× faster; a 128 × 512 column
// sum: 26 µs in the baseline loop, 11 µs in the AVX2 one).
KTS_CLONES void reduceFloat(int op, const float* x, float* out, int64_t outer, int64_t size, int64_t inner) {
  reduceTyped(op, x, out, outer, size, inner);
}

// reduce(op, x, out, outer, size, inner)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const int64_t op = intOf(info[0], "op");
  View x = viewOf(info[1], "x");
  View out = viewOf(info[2], "out");
  const int64_t outer = intOf(info[3], "outer");
  const int64_t size = intOf(info[4], "size");
  const int64_t inner = intOf(info[5], "inner");
  if (op < 0 || op >= kReduceCount) throw Napi::RangeError::New(info.Env(), "reduce: unknown op code");
  if (static_cast<size_t>(outer * size * inner) != x.length || static_cast<size_t>(outer * inner) != out.length)
    throw Napi::RangeError::New(info.Env(), "reduce: view sizes disagree with the arrays");
  const int o = static_cast<int>(op);
  using T = ElementType;
  if (x.type == T::Float32 && out.type == T::Float32) reduceFloat(o, x.f32(), out.f32(), outer, size, inner);
  else if (x.type == T::Int32 && out.type == T::Int32) reduceTyped(o, x.i32(), out.i32(), outer, size, inner);
  else if (x.type == T::Int32 && out.type == T::Float32) reduceTyped(o, x.i32(), out.f32(), outer, size, inner);
  else if (x.type == T::Bool && out.type == T::Bool) reduceTyped(o, x.u8(), out.u8(), outer, size, inner);
  else if (x.type == T::Bool && out.type == T::Int32) reduceTyped(o, x.u8(), out.i32(), outer, size, inner);
  else throw Napi::TypeError::New(info.Env(), "reduce: unsupported input/output element types");
  return info.Env().Undefined();
}

template <typename In>
void argReduceTyped(bool isMax, const In* x, int32_t* out, int64_t outer, int64_t size, int64_t inner) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const In* p = x + o * size * inner + i;
      In best = p[0];
      int32_t bestIndex = 0;
      for (int64_t r = 1; r < size; ++r) {
        const In v = p[r * inner];
        if (isMax ? v > best : v < best) {
          best = v;
          bestIndex = static_cast<int32_t>(r);
        }
      }
      out[o * inner + i] = bestIndex;
    }
  }
}

// argReduce(isMax, x, out, outer, size, inner): the first index of the max (min).
Napi::Value ArgReduce(const Napi::CallbackInfo& info) {
  const bool isMax = info[0].ToBoolean();
  View x = viewOf(info[1], "x");
  View out = viewOf(info[2], "out");
  const int64_t outer = intOf(info[3], "outer");
  const int64_t size = intOf(info[4], "size");
  const int64_t inner = intOf(info[5], "inner");
  if (out.type != ElementType::Int32 || static_cast<size_t>(outer * inner) != out.length ||
      static_cast<size_t>(outer * size * inner) != x.length || size == 0)
    throw Napi::RangeError::New(info.Env(), "argReduce: view sizes disagree with the arrays");
  if (x.type == ElementType::Float32) argReduceTyped(isMax, x.f32(), out.i32(), outer, size, inner);
  else if (x.type == ElementType::Int32) argReduceTyped(isMax, x.i32(), out.i32(), outer, size, inner);
  else argReduceTyped(isMax, x.u8(), out.i32(), outer, size, inner);
  return info.Env().Undefined();
}

// softmax(x, out, rows, cols): numerically stable softmax over each contiguous row.
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  View x = viewOf(info[0], "x");
  View out = viewOf(info[1], "out");
  const int64_t rows = intOf(info[2], "rows");
  const int64_t cols = intOf(info[3], "cols");
  if (x.type != ElementType::Float32 || out.type != ElementType::Float32 ||
      static_cast<size_t>(rows * cols) != x.length || x.length != out.length)
    throw Napi::RangeError::New(info.Env(), "softmax: expects float32 arrays of rows*cols elements");
  softmaxRows(x.f32(), out.f32(), rows, cols);
  return info.Env().Undefined();
}

}  // namespace

void columnSums(const float* matrix, int64_t rows, int64_t cols, float* out) {
  reduceFloat(kSum, matrix, out, 1, rows, cols);
}

void softmaxRows(const float* in, float* out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r, in += cols, out += cols) {
    float maxValue = -std::numeric_limits<float>::infinity();
    for (int64_t c = 0; c < cols; ++c) maxValue = in[c] > maxValue ? in[c] : maxValue;
    double sum = 0;
    for (int64_t c = 0; c < cols; ++c) {
      out[c] = std::exp(in[c] - maxValue);
      sum += out[c];
    }
    const float scale = static_cast<float>(1.0 / sum);
    for (int64_t c = 0; c < cols; ++c) out[c] *= scale;
  }
}

void registerReduce(Napi::Env env, Napi::Object exports) {
  static_assert(sizeof(kReduceOps) / sizeof(kReduceOps[0]) == kReduceCount, "reduce op table");
  Napi::Array names = Napi::Array::New(env, kReduceCount);
  for (uint32_t i = 0; i < kReduceCount; ++i) names.Set(i, Napi::String::New(env, kReduceOps[i]));
  exports.Set("reduceOps", names);
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("argReduce", Napi::Function::New(env, ArgReduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
}

}  // namespace kts
