// Seeded uniform noise: the recurrence of tfjs-core's uniform generator (Alea), run natively.
#include <cstdint>

#include "common.h"

namespace kts {
namespace {

// randomUniform(out, minval, maxval, c, s0, s1, s2): fills the Float32Array `out` with the values
// tf.randomUniform(shape, minval, maxval, 'float32', seed) draws, given the generator's state right
// after seeding (computed in JavaScript, see backend-kit's aleaState). Each draw is Alea's step —
// t = 2091639·s0 + c·2^-32; s0 ← s1; s1 ← s2; c ← ⌊t⌋ (t is non-negative); s2 ← t − c — then
// minval + (maxval − minval)·s2 rounded to float32, every operation in double exactly as the
// JavaScript does it (no contraction into FMA: the build uses -ffp-contract=off).
Napi::Value RandomUniform(const Napi::CallbackInfo& info) {
  View out = viewOf(info[0], "out");
  if (out.type != ElementType::Float32) throw Napi::TypeError::New(info.Env(), "randomUniform: out must be a Float32Array");
  const double minval = numberOf(info[1], "minval");
  const double range = numberOf(info[2], "maxval") - minval;
  double c = numberOf(info[3], "c");
  double s0 = numberOf(info[4], "s0");
  double s1 = numberOf(info[5], "s1");
  double s2 = numberOf(info[6], "s2");
  float* values = out.f32();
  for (size_t i = 0; i < out.length; ++i) {
    const double t = 2091639.0 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = static_cast<double>(static_cast<int32_t>(t));
    s2 = t - c;
    values[i] = static_cast<float>(minval + range * s2);
  }
  return info.Env().Undefined();
}

}  // namespace

void registerRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("randomUniform", Napi::Function::New(env, RandomUniform));
}

}  // namespace kts
