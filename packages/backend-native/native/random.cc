// Seeded uniform noise: the recurrence of tfjs-core's uniform generator (Alea), run natively.
#include <cstdint>

#include "common.h"

namespace kts {
namespace {

// randomUniform(out, minval, maxval, c, s0, s1, s2): fills the Float32Array `out` with the values
// tf.randomUniform(shape, minval, maxval, 'float32', seed) draws, given the generator's state right
// after seeding (computed in JavaScript, see backend-kit's aleaState). Alea's step is
// t = 2091639·s0 + c·2^-32; s0 ← s1; s1 ← s2; c ← ⌊t⌋; s2 ← t − c, in doubles — and every one of
// those doubles is exact: the s are multiples of 2^-32 in [0, 1) and the carry c is an integer below
// 2091639, so t·2^32 = 2091639·x0 + c < 2^53 with x = s·2^32. That makes it a lag-3
// multiply-with-carry generator on 32-bit integers, which is what runs here: the chain from one draw
// to the next is one integer add and one shift (the product does not depend on the carry), where the
// double form waits on a multiply-add and a float-to-integer conversion per draw. Each value is then
// minval + (maxval − minval)·s2 in double, rounded to float32, as the JavaScript does it (no
// contraction into FMA: the build uses -ffp-contract=off) — the same bits as tf.randomUniform.
Napi::Value RandomUniform(const Napi::CallbackInfo& info) {
  View out = viewOf(info[0], "out");
  if (out.type != ElementType::Float32) throw Napi::TypeError::New(info.Env(), "randomUniform: out must be a Float32Array");
  const double minval = numberOf(info[1], "minval");
  const double range = numberOf(info[2], "maxval") - minval;
  constexpr double kTwo32 = 4294967296.0;
  constexpr double kInvTwo32 = 2.3283064365386963e-10;
  // The state as integers; exact by the argument above (checked: a state that is not on the 2^-32
  // grid, or a carry outside Alea's range, did not come from aleaState).
  const double sc = numberOf(info[3], "c");
  const double ss0 = numberOf(info[4], "s0");
  const double ss1 = numberOf(info[5], "s1");
  const double ss2 = numberOf(info[6], "s2");
  for (double s : {ss0, ss1, ss2}) {
    if (!(s >= 0 && s < 1) || s * kTwo32 != static_cast<double>(static_cast<uint32_t>(s * kTwo32))) {
      throw Napi::RangeError::New(info.Env(), "randomUniform: state words must be multiples of 2^-32 in [0, 1)");
    }
  }
  if (!(sc >= 0 && sc < 2091639.0 + 1) || sc != static_cast<double>(static_cast<uint32_t>(sc))) {
    throw Napi::RangeError::New(info.Env(), "randomUniform: the carry must be an integer in [0, 2091639]");
  }
  uint64_t c = static_cast<uint64_t>(sc);
  uint32_t x0 = static_cast<uint32_t>(ss0 * kTwo32);
  uint32_t x1 = static_cast<uint32_t>(ss1 * kTwo32);
  uint32_t x2 = static_cast<uint32_t>(ss2 * kTwo32);
  float* values = out.f32();
  for (size_t i = 0; i < out.length; ++i) {
    const uint64_t t = 2091639ull * x0 + c;
    x0 = x1;
    x1 = x2;
    c = t >> 32;
    x2 = static_cast<uint32_t>(t);
    values[i] = static_cast<float>(minval + range * (static_cast<double>(x2) * kInvTwo32));
  }
  return info.Env().Undefined();
}

}  // namespace

void registerRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("randomUniform", Napi::Function::New(env, RandomUniform));
}

}  // namespace kts
