// Fused optimizer updates: one pass over a variable and its slots instead of one kernel per
// arithmetic step. Each element goes through exactly the float32 operations the unfused tfjs
// op chain performs, in the same order (FMA contraction is disabled in binding.gyp), so the
// results are bit-identical to it. The slots (velocities, moments) are stored through
// flushSubnormal, as backend-kit's reference chains store them (flushSubnormals).
#include <cfloat>
#include <cmath>

#include "common.h"

namespace kts {
namespace {

// Updates of at least this many elements per thread are split over parallelFor's helpers: the
// loops are memory-bound, and one core streams a large variable's arrays at a fraction of what
// two do (parallel.cc). Below it, waking a helper costs about what it saves.
constexpr size_t kUpdateChunk = size_t{1} << 15;

// x, or a zero of its sign where x is subnormal (magnitude below FLT_MIN = 2^-126, not zero): Keras
// 3's slots on JAX and TensorFlow, whose threads flush subnormal results. A slot that decays
// geometrically (a weight whose gradient stays 0) would otherwise stay subnormal, and every
// multiply, divide or square root of a subnormal takes a microcode assist on Intel cores (30–40×
// the time). The comparison and the select cost no more on subnormals than on normal numbers.
inline float flushSubnormal(float x) { return std::fabs(x) < FLT_MIN ? std::copysign(0.0f, x) : x; }

// One element of the update: v' = flush(v·rho + g²·(1 − rho)); w' = w − g·lr / sqrt(v' + epsilon).
inline void rmspropElement(float w, float v, float g, float& wOut, float& vOut, float rhoF, float oneMinusRhoF,
                           float epsilonF, float learningRateF) {
  const float vi = flushSubnormal(v * rhoF + (g * g) * oneMinusRhoF);
  vOut = vi;
  wOut = w - (g * learningRateF) / std::sqrt(vi + epsilonF);
}

// The loops are cloned for AVX-512, AVX2 and the baseline (KTS_CLONES, common.h): the divide and
// square root dominate this loop and AVX-512 does 16 of each per instruction. Vectorising does
// not change results: every lane performs the same correctly rounded float operations.
KTS_CLONES void rmspropLoop(const float* w, const float* v, const float* g, float* wOut, float* vOut, size_t n,
                            float rhoF, float oneMinusRhoF, float epsilonF, float learningRateF) {
  for (size_t i = 0; i < n; ++i) rmspropElement(w[i], v[i], g[i], wOut[i], vOut[i], rhoF, oneMinusRhoF, epsilonF, learningRateF);
}

// The same update in place (newVariable is variable, newVelocity is velocity): with the arrays
// declared distinct the compiler vectorizes without run-time overlap checks.
KTS_CLONES void rmspropLoopInPlace(float* __restrict w, float* __restrict v, const float* __restrict g, size_t n,
                                   float rhoF, float oneMinusRhoF, float epsilonF, float learningRateF) {
  for (size_t i = 0; i < n; ++i) rmspropElement(w[i], v[i], g[i], w[i], v[i], rhoF, oneMinusRhoF, epsilonF, learningRateF);
}

// rmspropUpdate(variable, velocity, gradient, newVariable, newVelocity, rho, epsilon, learningRate)
// newVelocity = velocity * rho + gradient² * (1 - rho)
// newVariable = variable - gradient * learningRate / sqrt(newVelocity + epsilon)
Napi::Value RmspropUpdate(const Napi::CallbackInfo& info) {
  View variable = viewOf(info[0], "variable");
  View velocity = viewOf(info[1], "velocity");
  View gradient = viewOf(info[2], "gradient");
  View newVariable = viewOf(info[3], "newVariable");
  View newVelocity = viewOf(info[4], "newVelocity");
  const double rho = numberOf(info[5], "rho");
  const float rhoF = static_cast<float>(rho);
  // 1 - rho is formed in double, as JavaScript forms it, before rounding to float32.
  const float oneMinusRhoF = static_cast<float>(1.0 - rho);
  const float epsilonF = static_cast<float>(numberOf(info[6], "epsilon"));
  const float learningRateF = static_cast<float>(numberOf(info[7], "learningRate"));
  const View* views[] = {&variable, &velocity, &gradient, &newVariable, &newVelocity};
  for (const View* view : views) {
    if (view->type != ElementType::Float32)
      throw Napi::TypeError::New(info.Env(), "rmspropUpdate expects Float32Arrays");
    if (view->length != variable.length)
      throw Napi::RangeError::New(info.Env(), "rmspropUpdate: every array must have the variable's length");
  }
  float *w = variable.f32(), *v = velocity.f32(), *wOut = newVariable.f32(), *vOut = newVelocity.f32();
  const float* g = gradient.f32();
  if (wOut == w && vOut == v && g != w && g != v && w != v)
    parallelFor(variable.length, kUpdateChunk, [&](size_t begin, size_t end) {
      rmspropLoopInPlace(w + begin, v + begin, g + begin, end - begin, rhoF, oneMinusRhoF, epsilonF, learningRateF);
    });
  else
    parallelFor(variable.length, kUpdateChunk, [&](size_t begin, size_t end) {
      rmspropLoop(w + begin, v + begin, g + begin, wOut + begin, vOut + begin, end - begin, rhoF, oneMinusRhoF,
                  epsilonF, learningRateF);
    });
  return info.Env().Undefined();
}

// One element of Adam without AMSGrad: m' = flush(m + (g − m)·(1 − beta1));
// v' = flush(v + (g² − v)·(1 − beta2)); w' = w − m'·alpha / (sqrt(v') + epsilon).
inline void adamElement(float w, float m, float v, float g, float& wOut, float& mOut, float& vOut, float oneMinusBeta1F,
                        float oneMinusBeta2F, float epsilonF, float alphaF) {
  const float mi = flushSubnormal(m + (g - m) * oneMinusBeta1F);
  const float vi = flushSubnormal(v + (g * g - v) * oneMinusBeta2F);
  mOut = mi;
  vOut = vi;
  wOut = w - (mi * alphaF) / (std::sqrt(vi) + epsilonF);
}

KTS_CLONES void adamLoop(const float* w, const float* m, const float* v, const float* g, float* wOut, float* mOut,
                         float* vOut, size_t n, float oneMinusBeta1F, float oneMinusBeta2F, float epsilonF, float alphaF) {
  for (size_t i = 0; i < n; ++i)
    adamElement(w[i], m[i], v[i], g[i], wOut[i], mOut[i], vOut[i], oneMinusBeta1F, oneMinusBeta2F, epsilonF, alphaF);
}

// In place (each output is its input's array); distinct arrays let the compiler vectorize freely.
KTS_CLONES void adamLoopInPlace(float* __restrict w, float* __restrict m, float* __restrict v, const float* __restrict g,
                                size_t n, float oneMinusBeta1F, float oneMinusBeta2F, float epsilonF, float alphaF) {
  for (size_t i = 0; i < n; ++i)
    adamElement(w[i], m[i], v[i], g[i], w[i], m[i], v[i], oneMinusBeta1F, oneMinusBeta2F, epsilonF, alphaF);
}

// adamUpdate(variable, momentum, velocity, gradient, newVariable, newMomentum, newVelocity, beta1, beta2, epsilon, alpha)
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  View variable = viewOf(info[0], "variable");
  View momentum = viewOf(info[1], "momentum");
  View velocity = viewOf(info[2], "velocity");
  View gradient = viewOf(info[3], "gradient");
  View newVariable = viewOf(info[4], "newVariable");
  View newMomentum = viewOf(info[5], "newMomentum");
  View newVelocity = viewOf(info[6], "newVelocity");
  // 1 − beta is formed in double, as JavaScript forms it, before rounding to float32.
  const float oneMinusBeta1F = static_cast<float>(1.0 - numberOf(info[7], "beta1"));
  const float oneMinusBeta2F = static_cast<float>(1.0 - numberOf(info[8], "beta2"));
  const float epsilonF = static_cast<float>(numberOf(info[9], "epsilon"));
  const float alphaF = static_cast<float>(numberOf(info[10], "alpha"));
  const View* views[] = {&variable, &momentum, &velocity, &gradient, &newVariable, &newMomentum, &newVelocity};
  for (const View* view : views) {
    if (view->type != ElementType::Float32) throw Napi::TypeError::New(info.Env(), "adamUpdate expects Float32Arrays");
    if (view->length != variable.length)
      throw Napi::RangeError::New(info.Env(), "adamUpdate: every array must have the variable's length");
  }
  const bool inPlace = newVariable.data == variable.data && newMomentum.data == momentum.data &&
                       newVelocity.data == velocity.data && variable.data != momentum.data &&
                       variable.data != velocity.data && momentum.data != velocity.data &&
                       gradient.data != variable.data && gradient.data != momentum.data && gradient.data != velocity.data;
  float *w = variable.f32(), *m = momentum.f32(), *v = velocity.f32();
  float *wOut = newVariable.f32(), *mOut = newMomentum.f32(), *vOut = newVelocity.f32();
  const float* g = gradient.f32();
  if (inPlace)
    parallelFor(variable.length, kUpdateChunk, [&](size_t begin, size_t end) {
      adamLoopInPlace(w + begin, m + begin, v + begin, g + begin, end - begin, oneMinusBeta1F, oneMinusBeta2F, epsilonF,
                      alphaF);
    });
  else
    parallelFor(variable.length, kUpdateChunk, [&](size_t begin, size_t end) {
      adamLoop(w + begin, m + begin, v + begin, g + begin, wOut + begin, mOut + begin, vOut + begin, end - begin,
               oneMinusBeta1F, oneMinusBeta2F, epsilonF, alphaF);
    });
  return info.Env().Undefined();
}

// One element of SGD with momentum: v' = flush(v·momentum − g·lr); w' = w + v', or with Nesterov
// w' = w + (v'·momentum − g·lr).
template <bool Nesterov>
inline void sgdMomentumElement(float w, float v, float g, float& wOut, float& vOut, float momentumF, float learningRateF) {
  const float scaled = g * learningRateF;
  const float vi = flushSubnormal(v * momentumF - scaled);
  vOut = vi;
  wOut = Nesterov ? w + (vi * momentumF - scaled) : w + vi;
}

template <bool Nesterov>
void sgdMomentumLoop(const float* w, const float* v, const float* g, float* wOut, float* vOut, size_t n, float momentumF,
                     float learningRateF) {
  for (size_t i = 0; i < n; ++i) sgdMomentumElement<Nesterov>(w[i], v[i], g[i], wOut[i], vOut[i], momentumF, learningRateF);
}

// sgdMomentumUpdate(variable, velocity, gradient, newVariable, newVelocity, momentum, nesterov, learningRate). Memory-bound
// (no divide or root), so not cloned.
Napi::Value SgdMomentumUpdate(const Napi::CallbackInfo& info) {
  View variable = viewOf(info[0], "variable");
  View velocity = viewOf(info[1], "velocity");
  View gradient = viewOf(info[2], "gradient");
  View newVariable = viewOf(info[3], "newVariable");
  View newVelocity = viewOf(info[4], "newVelocity");
  const float momentumF = static_cast<float>(numberOf(info[5], "momentum"));
  if (!info[6].IsBoolean()) throw Napi::TypeError::New(info.Env(), "sgdMomentumUpdate: nesterov must be a boolean");
  const bool nesterov = info[6].As<Napi::Boolean>().Value();
  const float learningRateF = static_cast<float>(numberOf(info[7], "learningRate"));
  const View* views[] = {&variable, &velocity, &gradient, &newVariable, &newVelocity};
  for (const View* view : views) {
    if (view->type != ElementType::Float32)
      throw Napi::TypeError::New(info.Env(), "sgdMomentumUpdate expects Float32Arrays");
    if (view->length != variable.length)
      throw Napi::RangeError::New(info.Env(), "sgdMomentumUpdate: every array must have the variable's length");
  }
  const float *w = variable.f32(), *v = velocity.f32(), *g = gradient.f32();
  float *wOut = newVariable.f32(), *vOut = newVelocity.f32();
  parallelFor(variable.length, kUpdateChunk, [&](size_t begin, size_t end) {
    if (nesterov)
      sgdMomentumLoop<true>(w + begin, v + begin, g + begin, wOut + begin, vOut + begin, end - begin, momentumF,
                            learningRateF);
    else
      sgdMomentumLoop<false>(w + begin, v + begin, g + begin, wOut + begin, vOut + begin, end - begin, momentumF,
                             learningRateF);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerOptimizer(Napi::Env env, Napi::Object exports) {
  exports.Set("rmspropUpdate", Napi::Function::New(env, RmspropUpdate));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("sgdMomentumUpdate", Napi::Function::New(env, SgdMomentumUpdate));
}

}  // namespace kts
