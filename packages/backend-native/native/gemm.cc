// Matrix products through OpenBLAS sgemm, and the BLAS thread count.
#include <cblas.h>

#include "common.h"

namespace kts {
namespace {

// The thread count the user asked for (setThreads); sgemm lowers it to one for small products.
int configuredThreads = 0;

// Below this many multiply-adds a product runs on one thread. OpenBLAS would split products of a
// few million multiply-adds over every thread, and inside a training step, whose small products
// come one after another between other kernels, waking the second thread costs more than it
// saves: seed 002's 784-50-50-10 MLP (products of 0.2–2.5 M multiply-adds) trains about 25 %
// faster per step on one thread than on two on a 2-core machine, while the 512-unit MLP's
// products (30–50 M) gain from two.
constexpr double kSmallProduct = 8.0 * 1024 * 1024;

// batchMatMul(a, b, out, m, n, k, transposeA, transposeB, aOffsets, bOffsets)
// For batch i: out[i] (m x n) = op(a at aOffsets[i]) x op(b at bOffsets[i]), row-major.
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  View a = viewOf(info[0], "a");
  View b = viewOf(info[1], "b");
  View out = viewOf(info[2], "out");
  const int64_t m = intOf(info[3], "m");
  const int64_t n = intOf(info[4], "n");
  const int64_t k = intOf(info[5], "k");
  const bool transposeA = info[6].ToBoolean();
  const bool transposeB = info[7].ToBoolean();
  const std::vector<int64_t> aOffsets = intsOf(info[8], "aOffsets");
  const std::vector<int64_t> bOffsets = intsOf(info[9], "bOffsets");
  if (a.type != ElementType::Float32 || b.type != ElementType::Float32 || out.type != ElementType::Float32)
    throw Napi::TypeError::New(info.Env(), "batchMatMul expects Float32Arrays");
  if (aOffsets.size() != bOffsets.size() ||
      static_cast<size_t>(m * n) * aOffsets.size() != out.length)
    throw Napi::RangeError::New(info.Env(), "batchMatMul: offsets and output size disagree");
  const int lda = transposeA ? static_cast<int>(m) : static_cast<int>(k);
  const int ldb = transposeB ? static_cast<int>(k) : static_cast<int>(n);
  for (size_t i = 0; i < aOffsets.size(); ++i) {
    if (aOffsets[i] + m * k > static_cast<int64_t>(a.length) || bOffsets[i] + k * n > static_cast<int64_t>(b.length))
      throw Napi::RangeError::New(info.Env(), "batchMatMul: operand offset out of range");
    float* c = out.f32() + static_cast<int64_t>(i) * m * n;
    if (k == 0) {
      for (int64_t j = 0; j < m * n; ++j) c[j] = 0.0f;
      continue;
    }
    sgemm(transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a.f32() + aOffsets[i], lda,
                b.f32() + bOffsets[i], ldb, 0.0f, c, static_cast<int>(n));
  }
  return info.Env().Undefined();
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  configuredThreads = static_cast<int>(intOf(info[0], "threads"));
  openblas_set_num_threads(configuredThreads);
  return info.Env().Undefined();
}

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), openblas_get_num_threads());
}

Napi::Value BlasConfig(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), openblas_get_config());
}

Napi::Value BlasCore(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), openblas_get_corename());
}

}  // namespace

int blasThreads() { return configuredThreads > 0 ? configuredThreads : 1; }

void sgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc) {
  const bool oneThread = configuredThreads > 1 && static_cast<double>(m) * n * k < kSmallProduct;
  if (oneThread) openblas_set_num_threads(1);
  cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  if (oneThread) openblas_set_num_threads(configuredThreads);
}

void registerGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("getThreads", Napi::Function::New(env, GetThreads));
  exports.Set("blasConfig", Napi::Function::New(env, BlasConfig));
  exports.Set("blasCore", Napi::Function::New(env, BlasCore));
}

}  // namespace kts
