// Seeded uniform noise: the recurrence of tfjs-core's uniform generator (Alea), run natively.
#include <cmath>
#include <cstdint>
#include <string>

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

// The generator's state from arguments first..first+3 (c, s0, s1, s2) as integers; exact by the
// argument above (checked: a state that is not on the 2^-32 grid, or a carry outside Alea's range,
// did not come from aleaState).
struct AleaWords {
  uint64_t c;
  uint32_t x0, x1, x2;
};

AleaWords aleaWordsOf(const Napi::CallbackInfo& info, int first, const char* kernel) {
  constexpr double kTwo32 = 4294967296.0;
  const double sc = numberOf(info[first], "c");
  const double s[3] = {numberOf(info[first + 1], "s0"), numberOf(info[first + 2], "s1"), numberOf(info[first + 3], "s2")};
  for (double word : s) {
    if (!(word >= 0 && word < 1) || word * kTwo32 != static_cast<double>(static_cast<uint32_t>(word * kTwo32))) {
      throw Napi::RangeError::New(info.Env(), std::string(kernel) + ": state words must be multiples of 2^-32 in [0, 1)");
    }
  }
  if (!(sc >= 0 && sc < 2091639.0 + 1) || sc != static_cast<double>(static_cast<uint32_t>(sc))) {
    throw Napi::RangeError::New(info.Env(), std::string(kernel) + ": the carry must be an integer in [0, 2091639]");
  }
  return {static_cast<uint64_t>(sc), static_cast<uint32_t>(s[0] * kTwo32), static_cast<uint32_t>(s[1] * kTwo32),
          static_cast<uint32_t>(s[2] * kTwo32)};
}

// Runs the generator for `count` draws, handing them to emit(i0, x, length) a block at a time:
// x[j] for j < length is draw i0 + j as the integer x2 (the draw is s2 = x2 · 2^-32 ∈ [0, 1)).
// Drawing a block first and converting it after lets the conversion run as vector instructions
// (the draws themselves are one sequential chain; several interleaved streams measured no faster).
// A 128 × 512 dropout mask on one thread of the development machine: 220 µs drawing and
// converting each value in turn, 66 µs in blocks with the conversion cloned (KTS_CLONES).
constexpr size_t kDrawBlock = 256;

template <typename Emit>
void drawAlea(AleaWords state, size_t count, Emit emit) {
  uint64_t c = state.c;
  uint32_t x0 = state.x0, x1 = state.x1, x2 = state.x2;
  uint32_t block[kDrawBlock];
  for (size_t i0 = 0; i0 < count; i0 += kDrawBlock) {
    const size_t length = count - i0 < kDrawBlock ? count - i0 : kDrawBlock;
    for (size_t j = 0; j < length; ++j) {
      const uint64_t t = 2091639ull * x0 + c;
      x0 = x1;
      x1 = x2;
      c = t >> 32;
      x2 = static_cast<uint32_t>(t);
      block[j] = x2;
    }
    emit(i0, block, length);
  }
}

// x exactly, in float32 or double: both halves convert exactly (as signed integers, which SSE can
// convert four at a time where it has no unsigned conversion) and the one rounding is the sum's.
inline float floatOf(uint32_t x) {
  return static_cast<float>(static_cast<int32_t>(x >> 16)) * 65536.0f + static_cast<float>(static_cast<int32_t>(x & 0xffffu));
}
inline double doubleOf(uint32_t x) {
  return static_cast<double>(static_cast<int32_t>(x >> 16)) * 65536.0 + static_cast<double>(static_cast<int32_t>(x & 0xffffu));
}

// Jumping ahead. With b = 2^32 and a = 2091639, a lag-3 multiply-with-carry state (x0 oldest, x1,
// x2 newest, carry c) read as the integer W = x0 + x1·b + x2·b² + c·b³ steps as W' ≡ W·b⁻¹ modulo
// m = a·b³ − 1: writing P = x0 + x1·b + x2·b² and t = a·x0 + c, the step gives b·W' = P − x0 +
// t·b³ = P + c·b³ + x0·(a·b³ − 1) ≡ W. Every state Alea reaches has c < a (its seeding sets c = 1,
// and c < a gives t < a·b, so the next carry is below a too), so W ≤ m — W = m only for the
// fixed point with every word 2^32 − 1 and c = a − 1, which is ≡ 0 and so not jumped — and the
// state after k draws is W·(b⁻¹)ᵏ mod m read back the same way; b⁻¹ ≡ a·b² (mod m). That lets a
// long fill start its second half without drawing the first.
using Wide = unsigned __int128;
constexpr uint64_t kAleaMultiplier = 2091639;
constexpr Wide kAleaModulus = (static_cast<Wide>(kAleaMultiplier) << 96) - 1;  // < 2^117

// (x + y) mod m and (x · y) mod m for x, y < m (sums stay below 2^118).
Wide addModulo(Wide x, Wide y) {
  const Wide sum = x + y;
  return sum >= kAleaModulus ? sum - kAleaModulus : sum;
}
Wide multiplyModulo(Wide x, Wide y) {
  Wide product = 0;
  for (; y != 0; y >>= 1) {
    if ((y & 1) != 0) product = addModulo(product, x);
    x = addModulo(x, x);
  }
  return product;
}

// (b⁻¹)ᵏ mod m, remembered for the last few k on this thread (a fill's chunk offsets repeat).
Wide stepFactor(uint64_t k) {
  thread_local uint64_t keys[4] = {0, 0, 0, 0};
  thread_local Wide factors[4] = {1, 1, 1, 1};
  thread_local unsigned next = 0;
  for (unsigned i = 0; i < 4; ++i)
    if (keys[i] == k) return factors[i];
  Wide factor = 1;
  Wide power = static_cast<Wide>(kAleaMultiplier) << 64;  // b⁻¹
  for (uint64_t e = k; e != 0; e >>= 1) {
    if ((e & 1) != 0) factor = multiplyModulo(factor, power);
    power = multiplyModulo(power, power);
  }
  keys[next] = k;
  factors[next] = factor;
  next = (next + 1) % 4;
  return factor;
}

// Whether aleaAfter may jump from `state`: c < a and not the fixed point W = m.
bool jumpable(const AleaWords& state) {
  constexpr uint32_t kAll = 0xffffffffu;
  return state.c < kAleaMultiplier &&
         !(state.c == kAleaMultiplier - 1 && state.x0 == kAll && state.x1 == kAll && state.x2 == kAll);
}

// The state after k draws from a jumpable `state`.
AleaWords aleaAfter(AleaWords state, uint64_t k) {
  if (k == 0) return state;
  const Wide w = static_cast<Wide>(state.x0) | (static_cast<Wide>(state.x1) << 32) | (static_cast<Wide>(state.x2) << 64) |
                 (static_cast<Wide>(state.c) << 96);
  const Wide later = multiplyModulo(w, stepFactor(k));
  return {static_cast<uint64_t>(later >> 96), static_cast<uint32_t>(later), static_cast<uint32_t>(later >> 32),
          static_cast<uint32_t>(later >> 64)};
}

// Fills of at least this many values per thread are split (parallelFor): each chunk jumps to its
// first draw and runs the same loop, so the values are those of one sequential run. A state that
// is not jumpable (which Alea never reaches, but the arguments allow) is drawn sequentially.
constexpr size_t kFillChunk = size_t{1} << 15;

// The conversions of a block of draws, cloned (KTS_CLONES, common.h) for wider vectors; every
// clone rounds as the baseline does.
// to[j] = float32(minval + range · s) for the draws s = x[j] · 2^-32, in double.
KTS_CLONES void uniformFromDraws(const uint32_t* __restrict x, float* __restrict to, size_t length, double minval,
                                 double range) {
  for (size_t j = 0; j < length; ++j) to[j] = static_cast<float>(minval + range * (doubleOf(x[j]) * 0x1p-32));
}

// to[j] = ⌊float32(s) + keep⌋ · (1/keep) for the draws s = x[j] · 2^-32 (see DropoutMask).
KTS_CLONES void dropoutFromDraws(const uint32_t* __restrict x, float* __restrict to, size_t length, float keep,
                                 float reciprocal) {
  // float32(x2 · 2^-32) is float32(x2) · 2^-32: scaling by a power of two is exact here.
  for (size_t j = 0; j < length; ++j) to[j] = std::floor(floatOf(x[j]) * 0x1p-32f + keep) * reciprocal;
}

// count draws from `state` handed to emit(i0, x, length) in blocks, split over threads for long fills.
template <typename Emit>
void drawAleaParallel(AleaWords state, size_t count, Emit emit) {
  parallelFor(count, jumpable(state) ? kFillChunk : 0, [&](size_t begin, size_t end) {
    drawAlea(aleaAfter(state, begin), end - begin,
             [&](size_t i0, const uint32_t* x, size_t length) { emit(begin + i0, x, length); });
  });
}

Napi::Value RandomUniform(const Napi::CallbackInfo& info) {
  View out = viewOf(info[0], "out");
  if (out.type != ElementType::Float32) throw Napi::TypeError::New(info.Env(), "randomUniform: out must be a Float32Array");
  const double minval = numberOf(info[1], "minval");
  const double range = numberOf(info[2], "maxval") - minval;
  float* values = out.f32();
  drawAleaParallel(aleaWordsOf(info, 3, "randomUniform"), out.length, [&](size_t i0, const uint32_t* x, size_t length) {
    uniformFromDraws(x, values + i0, length, minval, range);
  });
  return info.Env().Undefined();
}

// dropoutMask(out, rate, c, s0, s1, s2): tf.dropout's multiplier ⌊u + keep⌋ / keep for the draws u
// that randomUniform(out, 0, 1, c, s0, s1, s2) would write, keep = float32(1 − rate), every
// operation in float32 as tfjs's Add, Floor and RealDiv kernels compute it (u + keep rounds to
// float32 before the floor) — one pass instead of a noise array and three elementwise kernels.
Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
  View out = viewOf(info[0], "out");
  if (out.type != ElementType::Float32) throw Napi::TypeError::New(info.Env(), "dropoutMask: out must be a Float32Array");
  const double rate = numberOf(info[1], "rate");
  if (!(rate >= 0 && rate < 1)) throw Napi::RangeError::New(info.Env(), "dropoutMask: rate must be in [0, 1)");
  const float keep = static_cast<float>(1.0 - rate);
  // ⌊u + keep⌋ is 0, 1 or 2 (u ≤ 1 once rounded to float32, keep ≤ 1), and 2/keep is exactly
  // 2 · (1/keep) in float32: so ⌊u + keep⌋ · (1/keep) is the quotient, without a division.
  const float reciprocal = 1.0f / keep;
  float* values = out.f32();
  drawAleaParallel(aleaWordsOf(info, 2, "dropoutMask"), out.length, [&](size_t i0, const uint32_t* x, size_t length) {
    dropoutFromDraws(x, values + i0, length, keep, reciprocal);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("randomUniform", Napi::Function::New(env, RandomUniform));
  exports.Set("dropoutMask", Napi::Function::New(env, DropoutMask));
}

}  // namespace kts
