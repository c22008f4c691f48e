// The fused Dense layer: forward `activation(x · kernel + bias)` in one call, and the part of
// its gradient that precedes the two products (the activation's derivative and the bias
// gradient) in another. Each element goes through the float32 operations of the unfused tfjs
// op chain (MatMul, Add, the activation, and their registered gradients), in the same order,
// so fused and unfused training give identical numbers.
#include <cblas.h>

#include <cmath>
#include <limits>
#include <string>

#include "common.h"

namespace kts {
namespace {

enum Activation { kLinear, kRelu, kSigmoid, kTanh, kSoftmax };

Activation activationOf(const Napi::Value& value) {
  const std::string name = value.IsString() ? value.As<Napi::String>().Utf8Value() : std::string();
  if (name == "linear") return kLinear;
  if (name == "relu") return kRelu;
  if (name == "sigmoid") return kSigmoid;
  if (name == "tanh") return kTanh;
  if (name == "softmax") return kSoftmax;
  throw Napi::RangeError::New(value.Env(), "dense: activation must be one of linear, relu, sigmoid, tanh, softmax; got '" +
                                               name + "'");
}

void requireFloat32(const Napi::Env& env, const View& view, size_t length, const char* name) {
  if (view.type != ElementType::Float32 || view.length != length)
    throw Napi::RangeError::New(env, std::string("dense: ") + name + " must be a Float32Array of " +
                                         std::to_string(length) + " elements, got " + std::to_string(view.length));
}

// The elementwise loops around the products, out of line and cloned (KTS_CLONES, common.h) so
// they run on wider vectors where the CPU has AVX2 or AVX-512: with the bias gradient
// (columnSums) they are most of a Dense layer's time outside the product (a 128 × 512 relu
// layer's derivative: 30 µs in the baseline loop, 11 µs in the AVX2 one). Every lane performs
// the scalar loop's float operations in its order, so all clones give the same bits.

// row[j] += bias[j] for each of the m rows of o (m × n).
KTS_CLONES void addBiasRows(float* __restrict o, const float* __restrict bias, int64_t m, int64_t n) {
  for (int64_t i = 0; i < m; ++i) {
    float* __restrict row = o + i * n;
    for (int64_t j = 0; j < n; ++j) row[j] += bias[j];
  }
}

KTS_CLONES void reluArray(float* o, size_t size) {
  for (size_t i = 0; i < size; ++i) o[i] = reluOf(o[i]);
}

// dz (m × n) = the gradient reaching the pre-activation, from dy and the layer's output y.
KTS_CLONES void activationGradLoop(Activation activation, const float* __restrict dy, const float* __restrict y,
                                   float* __restrict dz, int64_t m, int64_t n) {
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  const size_t size = static_cast<size_t>(m * n);
  switch (activation) {
    case kLinear:
      for (size_t i = 0; i < size; ++i) dz[i] = dy[i];
      break;
    case kRelu:
      // mul(dy, cast(step(x), 'float32')); x > 0 exactly where relu(x) = y > 0, and NaN stays NaN.
      for (size_t i = 0; i < size; ++i) {
        const float v = y[i];
        const float mask = v > 0 ? 1.0f : 0.0f;
        dz[i] = dy[i] * (v != v ? kNaN : mask);
      }
      break;
    case kSigmoid:
      // mul(dy, mul(y, sub(1, y)))
      for (size_t i = 0; i < size; ++i) dz[i] = dy[i] * (y[i] * (1.0f - y[i]));
      break;
    case kTanh:
      // mul(sub(1, square(y)), dy)
      for (size_t i = 0; i < size; ++i) dz[i] = (1.0f - y[i] * y[i]) * dy[i];
      break;
    case kSoftmax:
      // t = mul(dy, y); sub(t, mul(sum(t, last axis, keepDims), y))
      for (int64_t i = 0; i < m; ++i) {
        const int64_t start = i * n;
        double sum = 0;
        for (int64_t j = 0; j < n; ++j) {
          dz[start + j] = dy[start + j] * y[start + j];
          sum += dz[start + j];
        }
        const float s = static_cast<float>(sum);
        for (int64_t j = 0; j < n; ++j) dz[start + j] = dz[start + j] - s * y[start + j];
      }
      break;
  }
}

// denseForward(x, kernel, bias | null, out, m, k, n, activation)
// out (m x n) = activation(x (m x k) · kernel (k x n) + bias (n)), row-major.
Napi::Value DenseForward(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t m = intOf(info[4], "m");
  const int64_t k = intOf(info[5], "k");
  const int64_t n = intOf(info[6], "n");
  const Activation activation = activationOf(info[7]);
  View x = viewOf(info[0], "x");
  View kernel = viewOf(info[1], "kernel");
  View out = viewOf(info[3], "out");
  requireFloat32(env, x, static_cast<size_t>(m * k), "x");
  requireFloat32(env, kernel, static_cast<size_t>(k * n), "kernel");
  requireFloat32(env, out, static_cast<size_t>(m * n), "out");
  const bool hasBias = !info[2].IsNull() && !info[2].IsUndefined();
  View bias;
  if (hasBias) {
    bias = viewOf(info[2], "bias");
    requireFloat32(env, bias, static_cast<size_t>(n), "bias");
  }
  float* o = out.f32();
  if (k == 0) {
    for (int64_t i = 0; i < m * n; ++i) o[i] = 0.0f;
  } else if (m > 0 && n > 0) {
    sgemm(CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
                1.0f, x.f32(), static_cast<int>(k), kernel.f32(), static_cast<int>(n), 0.0f, o, static_cast<int>(n));
  }
  const size_t size = static_cast<size_t>(m * n);
  if (hasBias) addBiasRows(o, bias.f32(), m, n);
  switch (activation) {
    case kRelu:
      reluArray(o, size);
      break;
    case kSigmoid:
      sigmoidArray(o, o, size);
      break;
    case kTanh:
      tanhArray(o, o, size);
      break;
    case kSoftmax:
      softmaxRows(o, o, m, n);
      break;
    case kLinear:
      break;
  }
  return env.Undefined();
}

// denseActivationGrad(dy, y, dz, db | null, m, n, activation)
// dz = the gradient reaching the pre-activation, from the upstream gradient dy and the layer's
// output y, as tfjs's gradients of Relu / Sigmoid / Tanh / Softmax compute it; db (n) = the
// column sums of dz, accumulated in double as the native Sum kernel does.
Napi::Value DenseActivationGrad(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t m = intOf(info[4], "m");
  const int64_t n = intOf(info[5], "n");
  const Activation activation = activationOf(info[6]);
  const size_t size = static_cast<size_t>(m * n);
  View dyView = viewOf(info[0], "dy");
  View yView = viewOf(info[1], "y");
  View dzView = viewOf(info[2], "dz");
  requireFloat32(env, dyView, size, "dy");
  requireFloat32(env, yView, size, "y");
  requireFloat32(env, dzView, size, "dz");
  float* dz = dzView.f32();
  activationGradLoop(activation, dyView.f32(), yView.f32(), dz, m, n);
  if (!info[3].IsNull() && !info[3].IsUndefined()) {
    View dbView = viewOf(info[3], "db");
    requireFloat32(env, dbView, static_cast<size_t>(n), "db");
    columnSums(dz, m, n, dbView.f32());
  }
  return env.Undefined();
}

}  // namespace

void registerDense(Napi::Env env, Napi::Object exports) {
  exports.Set("denseForward", Napi::Function::New(env, DenseForward));
  exports.Set("denseActivationGrad", Napi::Function::New(env, DenseActivationGrad));
}

}  // namespace kts
