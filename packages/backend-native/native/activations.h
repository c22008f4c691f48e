// Float32 tanh and sigmoid for the kernels: branch-free (selects, no calls), so GCC vectorizes a
// loop over them, and built only from + - * / and comparisons, so every KTS_CLONES clone and the
// scalar code round alike (-ffp-contract=off keeps FMA out). glibc's std::tanh on float is a scalar
// call of ~10 ns per element; these are ~1 ns scalar and a fraction of that vectorized.
//
// Accuracy, measured over every float32 input against the functions in double: the error is at
// most 1.51 ulp (tanh) and 1.97 ulp (sigmoid) of the correctly rounded float32 result, so every
// output is within 2 floats of it (tanh: 6 inputs at 2, 0.16% at 1; sigmoid: 38,714 at 2),
// subnormal outputs included. The same exhaustive run found the SSE4.2, AVX2 and AVX-512
// vectorized loops bit-identical to the scalar code. activations-accuracy.test.ts holds the bound.
#pragma once
#include <cstdint>
#include <cstring>

namespace kts {
namespace activation {

inline float floatFromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

inline uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// condition ? whenTrue : whenFalse through bit masks. A plain ?: lets GCC sink each side's
// arithmetic into a branch, and under the default -ftrapping-math it then will not if-convert
// (speculate) that arithmetic, so the loop would not vectorize.
inline float select(bool condition, float whenTrue, float whenFalse) {
  const uint32_t mask = 0u - static_cast<uint32_t>(condition);
  return floatFromBits((bitsOf(whenTrue) & mask) | (bitsOf(whenFalse) & ~mask));
}

// e^x for x <= 0 (NaN gives NaN). Range reduction x = n·ln2 + r with n = round(x / ln2), so
// |r| <= ln2/2 (a little more when x·log2(e) rounds across a half). ln2 is split Cody–Waite style:
// kLn2High has 15 significant bits, so n·kLn2High is exact for |n| <= 150 and x − n·kLn2High
// loses nothing. e^r = 1 + r + r²·Q(r), Q of degree 4 fitted (weighted least squares on
// Chebyshev nodes, Lawson-reweighted towards minimax, numpy) to (e^r − 1 − r)/r² on
// |r| <= 0.354 with the error weighted relative to e^r: max relative error 3.5e-9 (0.06 ulp)
// before float rounding. 2^n is built from exponent bits as two factors, so that results under
// 2^-126 are rounded once into the subnormal range instead of flushed. Below −104 e^x rounds to 0
// in float32, so x is clamped there (which keeps n >= −150).
inline float expOfNonPositive(float x) {
  constexpr float kLog2e = 1.44269502f;
  constexpr float kLn2High = 0.693145751953125f;  // 0x3f317200
  constexpr float kLn2Low = 1.42860677e-06f;      // ln2 − kLn2High
  // Adding 1.5·2^23 rounds to an integer (ties to even) that then sits in the low mantissa bits.
  constexpr float kShifter = 12582912.0f;
  const float clamped = select(x < -104.0f, -104.0f, x);  // NaN fails the comparison and stays NaN
  const float shifted = clamped * kLog2e + kShifter;
  const float n = shifted - kShifter;
  const int32_t exponent = static_cast<int32_t>(bitsOf(shifted) - bitsOf(kShifter));
  const float r = (clamped - n * kLn2High) - n * kLn2Low;
  const float q = 0.49999994f + r * (0.166665092f + r * (0.0416685306f + r * (0.0083701415f + r * 0.00138116418f)));
  const float p = 1.0f + (r + (r * r) * q);
  const int32_t half = exponent >> 1;  // floor(n/2): both factors stay normal for n >= −150
  const float scaleHigh = floatFromBits(static_cast<uint32_t>(half + 127) << 23);
  const float scaleLow = floatFromBits(static_cast<uint32_t>(exponent - half + 127) << 23);
  return (p * scaleHigh) * scaleLow;
}

// tanh(x) = sign(x)·tanh(|x|), so tanh(−x) = −tanh(x) exactly and tanh(±0) = ±0.
// |x| < 0.5625: tanh(a) = a + a·s·P(s), s = a², P of degree 4 fitted as above to
// (tanh(a) − a)/a³ on s in [0, 0.5625²], relative error 1.3e-9 (0.02 ulp); a tiny a returns a.
// |x| >= 0.5625: tanh(a) = 1 − 2e/(1 + e) with e = e^(−2a) <= 0.33, where the result is >= 0.51
// and the subtraction cannot cancel (the threshold lies above atanh(1/2) for that reason); e
// rounds to 0 for large a, giving exactly 1, and ±Inf gives ±1.
inline float tanhOf(float x) {
  const uint32_t sign = bitsOf(x) & 0x80000000u;
  const float a = floatFromBits(bitsOf(x) & 0x7fffffffu);
  const float s = a * a;
  const float polynomial = s * (-0.333333135f + s * (0.133324519f + s * (-0.053837426f + s * (0.021007441f + s * -0.00617978815f))));
  const float small = a + a * polynomial;
  const float e = expOfNonPositive(-2.0f * a);
  const float large = 1.0f - (e + e) / (1.0f + e);
  const float magnitude = select(a < 0.5625f, small, large);  // NaN takes `large`, which is NaN
  return floatFromBits(bitsOf(magnitude) | sign);
}

// sigmoid(x) = 1/(1 + e^−x) for x >= 0 and e^x/(1 + e^x) for x < 0, both from e = e^(−|x|) <= 1:
// no overflow, and for very negative x the result is e^x itself, subnormals included.
// sigmoid(+Inf) = 1, sigmoid(−Inf) = 0.
inline float sigmoidOf(float x) {
  const float e = expOfNonPositive(-floatFromBits(bitsOf(x) & 0x7fffffffu));
  const float numerator = select(x < 0.0f, e, 1.0f);
  // The rounding error of 1 + e (up to 1 ulp of the result) is recovered exactly (Fast2Sum:
  // 1 >= e) and corrected to first order: n/(d + lo) ≈ q − q·lo/d. Without it the error
  // reaches 2.4 ulp.
  const float denominator = 1.0f + e;
  const float lost = e - (denominator - 1.0f);
  const float quotient = numerator / denominator;
  return quotient - quotient * (lost / denominator);
}

}  // namespace activation
}  // namespace kts
