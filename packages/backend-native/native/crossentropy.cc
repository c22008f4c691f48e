// Keras's categorical crossentropy of probabilities and its gradient, row by row (see
// src/kernels/KerasCategoricalCrossentropy*.ts for the contract). The arithmetic follows the unfused
// op chain's float32 roundings: quotients and products of float32 values are float32 operations,
// row sums accumulate in double and are rounded once, logarithms are taken in double and rounded.
#include <cmath>

#include "common.h"

namespace kts {
namespace {

constexpr float kLow = static_cast<float>(1e-7);
constexpr float kHigh = static_cast<float>(1.0 - 1e-7);

float rowSum(const float* row, int64_t classes) {
  double sum = 0;
  for (int64_t j = 0; j < classes; ++j) sum += row[j];
  return static_cast<float>(sum);
}

float clipped(float q) { return q < kLow ? kLow : (q > kHigh ? kHigh : q); }

float logOf(float value) { return static_cast<float>(std::log(static_cast<double>(value))); }

void checkRows(const Napi::CallbackInfo& info, const View& view, int64_t expected, const char* name) {
  if (view.type != ElementType::Float32 || static_cast<int64_t>(view.length) != expected)
    throw Napi::RangeError::New(info.Env(), std::string("categoricalCrossentropy: ") + name + " must be a Float32Array of the rows' size");
}

// categoricalCrossentropy(yTrue, yPred, out, rows, classes): out[i] = −Σ_j yTrue·log(clip(yPred / Σ yPred)).
Napi::Value CategoricalCrossentropy(const Napi::CallbackInfo& info) {
  View yTrue = viewOf(info[0], "yTrue"), yPred = viewOf(info[1], "yPred"), out = viewOf(info[2], "out");
  const int64_t rows = intOf(info[3], "rows"), classes = intOf(info[4], "classes");
  checkRows(info, yTrue, rows * classes, "yTrue");
  checkRows(info, yPred, rows * classes, "yPred");
  checkRows(info, out, rows, "out");
  for (int64_t i = 0; i < rows; ++i) {
    const float* p = yPred.f32() + i * classes;
    const float* t = yTrue.f32() + i * classes;
    const float sum = rowSum(p, classes);
    double total = 0;
    for (int64_t j = 0; j < classes; ++j) total += t[j] * logOf(clipped(p[j] / sum));
    out.f32()[i] = -static_cast<float>(total);
  }
  return info.Env().Undefined();
}

// categoricalCrossentropyGrad(dy, yTrue, yPred, dTrue, dPred, rows, classes): the op chain's gradients
// (the clip passes gradient only inside its bounds; the renormalization adds −Σ g·p / s² to a row).
Napi::Value CategoricalCrossentropyGrad(const Napi::CallbackInfo& info) {
  View dy = viewOf(info[0], "dy"), yTrue = viewOf(info[1], "yTrue"), yPred = viewOf(info[2], "yPred");
  View dTrue = viewOf(info[3], "dTrue"), dPred = viewOf(info[4], "dPred");
  const int64_t rows = intOf(info[5], "rows"), classes = intOf(info[6], "classes");
  checkRows(info, dy, rows, "dy");
  for (const auto& [view, name] : {std::make_pair(yTrue, "yTrue"), std::make_pair(yPred, "yPred"), std::make_pair(dTrue, "dTrue"), std::make_pair(dPred, "dPred")})
    checkRows(info, view, rows * classes, name);
  for (int64_t i = 0; i < rows; ++i) {
    const float* p = yPred.f32() + i * classes;
    const float* t = yTrue.f32() + i * classes;
    float* gTrue = dTrue.f32() + i * classes;
    float* gPred = dPred.f32() + i * classes;
    const float sum = rowSum(p, classes);
    const float negDy = -dy.f32()[i];
    // gPred first holds the gradient reaching the normalized probabilities (zero where clipped).
    double weighted = 0;
    for (int64_t j = 0; j < classes; ++j) {
      const float q = p[j] / sum;
      const float c = clipped(q);
      gTrue[j] = negDy * logOf(c);
      const float g = q >= kLow && q <= kHigh ? (negDy * t[j]) / c : 0.0f;
      gPred[j] = g;
      weighted += g * p[j];
    }
    const float fromSum = -(static_cast<float>(weighted) / static_cast<float>(static_cast<double>(sum) * sum));
    for (int64_t j = 0; j < classes; ++j) gPred[j] = gPred[j] / sum + fromSum;
  }
  return info.Env().Undefined();
}

}  // namespace

void registerCrossentropy(Napi::Env env, Napi::Object exports) {
  exports.Set("categoricalCrossentropy", Napi::Function::New(env, CategoricalCrossentropy));
  exports.Set("categoricalCrossentropyGrad", Napi::Function::New(env, CategoricalCrossentropyGrad));
}

}  // namespace kts
