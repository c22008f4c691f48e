// Matrix products that skip the zeros of their left operand (sgemm's zero-skipping path, gemm.cc).
//
// In a ReLU network most large products have a left operand that is mostly zeros: ReLU's outputs
// (about half), thinned further by dropout, the gradients ReLU masks on the way back, and blank
// pixels (about 80 % of an MNIST image). A term a·b with a = ±0 adds nothing to a sum unless b is
// infinite or NaN (0·∞ is NaN), so where the left operand has enough zeros and the right operand is
// finite, each row of the left operand is compacted into its non-zero values and their k, and only
// those terms are summed: per output element in k order, with one fused multiply-add each (as
// OpenBLAS's kernels for these processors also fuse; the order of its sums is its own, so results
// differ from the dense product's by rounding only). Rows go to the helper threads in bands
// (parallelFor). Each band runs pass by pass over k (kDepthPass values at a time) so that the B rows
// one column block reads stay in the level-1 cache while the band's rows read them.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KTS_SPARSE_X86 1
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common.h"

namespace kts {
namespace {

// Zero-skipping is chosen from this share of zeros in the left operand (counted over a prefix).
constexpr double kMinZeroFraction = 0.45;
// Elements of the left operand whose zeros are counted: a prefix of its storage.
constexpr int64_t kZeroSample = 16384;
// Fewer output columns than this, or fewer multiply-adds than kMinProduct: the dense product.
constexpr int64_t kMinColumns = 64;
constexpr double kMinProduct = 2.0 * 1024 * 1024;
// k values per pass: the B rows of one column block (128 columns on AVX-512, 64 on AVX2) then take
// 32 or 16 KB, within the level-1 cache.
constexpr int64_t kDepthPass = 64;
// Rows per band handed to a thread: parallelFor's chunks are multiples of 16.
constexpr size_t kRowsPerThread = 16;
// List entries a thread compacts at a time (rows × k): 8 MB, whatever the batch.
constexpr int64_t kListEntries = int64_t{1} << 20;

KTS_CLONES int64_t countZeros(const uint32_t* bits, int64_t n) {
  int64_t zeros = 0;
  for (int64_t i = 0; i < n; ++i) zeros += (bits[i] << 1) == 0;
  return zeros;
}

KTS_CLONES bool allFinite(const uint32_t* bits, int64_t n) {
  uint32_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= (bits[i] & 0x7f800000u) == 0x7f800000u;
  return bad == 0;
}

// The share of zeros among the first kZeroSample elements of a rows × cols matrix with leading dimension ld.
double zeroFraction(const float* p, int64_t rows, int64_t cols, int64_t ld) {
  int64_t zeros = 0;
  int64_t seen = 0;
  for (int64_t r = 0; r < rows && seen < kZeroSample; ++r) {
    const int64_t take = std::min(cols, kZeroSample - seen);
    zeros += countZeros(reinterpret_cast<const uint32_t*>(p + r * ld), take);
    seen += take;
  }
  return seen == 0 ? 0.0 : static_cast<double>(zeros) / static_cast<double>(seen);
}

bool matrixFinite(const float* p, int64_t rows, int64_t cols, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r)
    if (!allFinite(reinterpret_cast<const uint32_t*>(p + r * ld), cols)) return false;
  return true;
}

// C (m × n, leading dimension ldc) = A·B where A(i, k) = a[i·aRow + k·aDepth] and B(k, ·) is the
// contiguous row b + k·ldb.
struct Product {
  const float* a;
  int64_t aRow;
  int64_t aDepth;
  const float* b;
  int64_t ldb;
  float* c;
  int64_t ldc;
  int64_t m;
  int64_t n;
  int64_t k;
};

// One band's lists: for row r of the band, entries [bounds[r·(passes + 1) + p], … + 1) are the
// non-zeros of pass p, each a value and its k.
struct Lists {
  std::vector<float> values;
  std::vector<int32_t> depths;
  std::vector<int32_t> bounds;
  int64_t passes = 0;
};

void compact(const Product& p, int64_t first, int64_t rows, Lists& lists) {
  lists.passes = (p.k + kDepthPass - 1) / kDepthPass;
  lists.values.resize(static_cast<size_t>(rows * p.k));
  lists.depths.resize(static_cast<size_t>(rows * p.k));
  lists.bounds.resize(static_cast<size_t>(rows * (lists.passes + 1)));
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = p.a + (first + r) * p.aRow;
    float* values = lists.values.data() + r * p.k;
    int32_t* depths = lists.depths.data() + r * p.k;
    int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
    int32_t count = 0;
    for (int64_t kk = 0; kk < p.k; ++kk) {
      if (kk % kDepthPass == 0) bounds[kk / kDepthPass] = count;
      const float value = row[kk * p.aDepth];
      // Branch-free: every entry is written, the count moves on past a non-zero only.
      values[count] = value;
      depths[count] = static_cast<int32_t>(kk);
      count += value != 0.0f;
    }
    bounds[lists.passes] = count;
  }
}

enum class Isa { None, Avx2, Avx512 };

#ifdef KTS_SPARSE_X86
__attribute__((target("avx512f,fma"))) void bandAvx512(const Product& p, int64_t first, int64_t rows, const Lists& lists) {
  for (int64_t pass = 0; pass < lists.passes; ++pass) {
    int64_t j = 0;
    // 128 columns: eight accumulators, one fused multiply-add each per entry.
    for (; j + 128 <= p.n; j += 128) {
      for (int64_t r = 0; r < rows; ++r) {
        float* c = p.c + (first + r) * p.ldc + j;
        const int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
        const float* values = lists.values.data() + r * p.k;
        const int32_t* depths = lists.depths.data() + r * p.k;
        __m512 acc[8];
        for (int v = 0; v < 8; ++v) acc[v] = pass == 0 ? _mm512_setzero_ps() : _mm512_loadu_ps(c + 16 * v);
        for (int32_t e = bounds[pass]; e < bounds[pass + 1]; ++e) {
          const __m512 s = _mm512_set1_ps(values[e]);
          const float* b = p.b + static_cast<int64_t>(depths[e]) * p.ldb + j;
          for (int v = 0; v < 8; ++v) acc[v] = _mm512_fmadd_ps(s, _mm512_loadu_ps(b + 16 * v), acc[v]);
        }
        for (int v = 0; v < 8; ++v) _mm512_storeu_ps(c + 16 * v, acc[v]);
      }
    }
    // Then 16 columns at a time, the last ones masked.
    for (; j < p.n; j += 16) {
      const __mmask16 mask = p.n - j >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << (p.n - j)) - 1);
      for (int64_t r = 0; r < rows; ++r) {
        float* c = p.c + (first + r) * p.ldc + j;
        const int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
        const float* values = lists.values.data() + r * p.k;
        const int32_t* depths = lists.depths.data() + r * p.k;
        __m512 acc = pass == 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(mask, c);
        for (int32_t e = bounds[pass]; e < bounds[pass + 1]; ++e)
          acc = _mm512_fmadd_ps(_mm512_set1_ps(values[e]), _mm512_maskz_loadu_ps(mask, p.b + static_cast<int64_t>(depths[e]) * p.ldb + j), acc);
        _mm512_mask_storeu_ps(c, mask, acc);
      }
    }
  }
}

__attribute__((target("avx2,fma"))) void bandAvx2(const Product& p, int64_t first, int64_t rows, const Lists& lists) {
  for (int64_t pass = 0; pass < lists.passes; ++pass) {
    int64_t j = 0;
    // 64 columns: eight accumulators, one fused multiply-add each per entry.
    for (; j + 64 <= p.n; j += 64) {
      for (int64_t r = 0; r < rows; ++r) {
        float* c = p.c + (first + r) * p.ldc + j;
        const int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
        const float* values = lists.values.data() + r * p.k;
        const int32_t* depths = lists.depths.data() + r * p.k;
        __m256 acc[8];
        for (int v = 0; v < 8; ++v) acc[v] = pass == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(c + 8 * v);
        for (int32_t e = bounds[pass]; e < bounds[pass + 1]; ++e) {
          const __m256 s = _mm256_set1_ps(values[e]);
          const float* b = p.b + static_cast<int64_t>(depths[e]) * p.ldb + j;
          for (int v = 0; v < 8; ++v) acc[v] = _mm256_fmadd_ps(s, _mm256_loadu_ps(b + 8 * v), acc[v]);
        }
        for (int v = 0; v < 8; ++v) _mm256_storeu_ps(c + 8 * v, acc[v]);
      }
    }
    // Then 8 columns at a time, then one at a time.
    for (; j + 8 <= p.n; j += 8) {
      for (int64_t r = 0; r < rows; ++r) {
        float* c = p.c + (first + r) * p.ldc + j;
        const int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
        const float* values = lists.values.data() + r * p.k;
        const int32_t* depths = lists.depths.data() + r * p.k;
        __m256 acc = pass == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(c);
        for (int32_t e = bounds[pass]; e < bounds[pass + 1]; ++e)
          acc = _mm256_fmadd_ps(_mm256_set1_ps(values[e]), _mm256_loadu_ps(p.b + static_cast<int64_t>(depths[e]) * p.ldb + j), acc);
        _mm256_storeu_ps(c, acc);
      }
    }
    for (; j < p.n; ++j) {
      for (int64_t r = 0; r < rows; ++r) {
        float* c = p.c + (first + r) * p.ldc + j;
        const int32_t* bounds = lists.bounds.data() + r * (lists.passes + 1);
        const float* values = lists.values.data() + r * p.k;
        const int32_t* depths = lists.depths.data() + r * p.k;
        float sum = pass == 0 ? 0.0f : *c;
        for (int32_t e = bounds[pass]; e < bounds[pass + 1]; ++e) sum = __builtin_fmaf(values[e], p.b[static_cast<int64_t>(depths[e]) * p.ldb + j], sum);
        *c = sum;
      }
    }
  }
}

Isa detectIsa() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Isa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
  return Isa::None;
}

#else
// Other processors: the dense product always (the kernels above are x86 SIMD).
Isa detectIsa() { return Isa::None; }
void bandAvx512(const Product&, int64_t, int64_t, const Lists&) {}
void bandAvx2(const Product&, int64_t, int64_t, const Lists&) {}
#endif

const Isa kIsa = detectIsa();
// The instruction set the kernels use: the processor's, or AVX2 where tests ask for it (setSparseProducts).
Isa isa = kIsa;

// Whether zero-skipping products run at all (setSparseProducts; on by default).
bool enabled = true;
uint64_t runs = 0;

void runProduct(const Product& p) {
  ++runs;
  // Lists of at most kListEntries entries (8 bytes each) per thread: a band goes in blocks of rows.
  const int64_t blockRows = std::max<int64_t>(1, std::min<int64_t>(p.m, kListEntries / p.k));
  parallelFor(static_cast<size_t>(p.m), kRowsPerThread, [&](size_t begin, size_t end) {
    thread_local Lists lists;
    for (int64_t first = static_cast<int64_t>(begin); first < static_cast<int64_t>(end); first += blockRows) {
      const int64_t rows = std::min<int64_t>(blockRows, static_cast<int64_t>(end) - first);
      compact(p, first, rows, lists);
      if (isa == Isa::Avx512) bandAvx512(p, first, rows, lists);
      else bandAvx2(p, first, rows, lists);
    }
  });
}

// setSparseProducts(enabled, avx2Only): on or off; with avx2Only, the AVX2 kernels even on an
// AVX-512 processor (tests run both).
Napi::Value SetSparseProducts(const Napi::CallbackInfo& info) {
  enabled = info[0].ToBoolean();
  isa = info.Length() > 1 && info[1].ToBoolean() && kIsa == Isa::Avx512 ? Isa::Avx2 : kIsa;
  return info.Env().Undefined();
}

// sparseProductIsa(): the kernels' instruction set now, 'avx512', 'avx2' or 'none'.
Napi::Value SparseProductIsa(const Napi::CallbackInfo& info) {
  const char* name = isa == Isa::Avx512 ? "avx512" : isa == Isa::Avx2 ? "avx2" : "none";
  return Napi::String::New(info.Env(), name);
}

Napi::Value SparseProductRuns(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(runs));
}

}  // namespace

bool sparseSgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc) {
  if (!enabled || isa == Isa::None || alpha != 1.0f || beta != 0.0f || transB != CblasNoTrans || n < kMinColumns || k <= 0 ||
      static_cast<double>(m) * n * k < kMinProduct)
    return false;
  const bool transposed = transA == CblasTrans;
  // A's storage: m × k rows (or k × m transposed), leading dimension lda.
  const double zeros = transposed ? zeroFraction(a, k, m, lda) : zeroFraction(a, m, k, lda);
  if (zeros < kMinZeroFraction || !matrixFinite(b, k, n, ldb)) return false;
  runProduct(Product{a, transposed ? 1 : lda, transposed ? lda : 1, b, ldb, c, ldc, m, n, k});
  return true;
}

void registerSparseGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("setSparseProducts", Napi::Function::New(env, SetSparseProducts));
  exports.Set("sparseProductRuns", Napi::Function::New(env, SparseProductRuns));
  exports.Set("sparseProductIsa", Napi::Function::New(env, SparseProductIsa));
}

}  // namespace kts
