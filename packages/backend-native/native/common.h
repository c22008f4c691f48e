// Shared helpers for the keras-ts native kernels: typed-array access and N-d iteration.
#pragma once
#include <cblas.h>
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "activations.h"

// Runtime CPU dispatch for the hot loops that OpenBLAS does not run: GCC function multiversioning
// compiles a function marked KTS_CLONES for AVX-512 (x86-64-v4), AVX2 (x86-64-v3) and the
// build's baseline (-march=x86-64-v2), and the dynamic loader binds the best one for the CPU
// once, through an ifunc resolver. One binary serves every x86-64 CPU; the matrix products and
// convolutions need no clones, because OpenBLAS (built DYNAMIC_ARCH by the distributions) picks
// its own kernels at run time. FMA contraction stays off (-ffp-contract=off) in every clone, so
// all clones round exactly as the baseline does.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KTS_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KTS_CLONES
#endif

namespace kts {

// Element types the kernels see; they mirror tfjs-backend-cpu's storage
// (float32 -> Float32Array, int32 -> Int32Array, bool -> Uint8Array).
enum class ElementType { Float32, Int32, Bool };

// A zero-copy view of a TypedArray's memory.
struct View {
  void* data = nullptr;
  size_t length = 0;
  ElementType type = ElementType::Float32;
  float* f32() const { return static_cast<float*>(data); }
  int32_t* i32() const { return static_cast<int32_t*>(data); }
  uint8_t* u8() const { return static_cast<uint8_t*>(data); }
};

View viewOf(const Napi::Value& value, const char* argumentName);
std::vector<int64_t> intsOf(const Napi::Value& value, const char* argumentName);
int64_t intOf(const Napi::Value& value, const char* argumentName);
// A number, or a one-element Float32Array (a scalar tensor's data) read at the call.
double numberOf(const Napi::Value& value, const char* argumentName);

// Merges adjacent dimensions that every operand walks contiguously, so the inner loop is
// as long as possible. strides[k] holds operand k's strides (0 where it is broadcast).
void coalesce(std::vector<int64_t>& shape, std::vector<std::vector<int64_t>>& strides);

// Calls body(offsets, innerLength, innerStrides) once per innermost row of an N-d walk over
// `shape`, with each operand's starting offset for that row.
template <typename Body>
void forEachRow(const std::vector<int64_t>& shape, const std::vector<std::vector<int64_t>>& strides,
                Body body) {
  const size_t operands = strides.size();
  const size_t rank = shape.size();
  std::vector<int64_t> offsets(operands, 0);
  std::vector<int64_t> inner(operands, 0);
  if (rank == 0) {
    body(offsets.data(), int64_t{1}, inner.data());
    return;
  }
  for (int64_t d : shape)
    if (d == 0) return;
  for (size_t k = 0; k < operands; ++k) inner[k] = strides[k][rank - 1];
  const int64_t innerLength = shape[rank - 1];
  std::vector<int64_t> index(rank, 0);
  while (true) {
    body(offsets.data(), innerLength, inner.data());
    // Advance the outer (rank-1) dimensions like an odometer.
    int64_t dim = static_cast<int64_t>(rank) - 2;
    for (; dim >= 0; --dim) {
      const size_t d = static_cast<size_t>(dim);
      ++index[d];
      for (size_t k = 0; k < operands; ++k) offsets[k] += strides[k][d];
      if (index[d] < shape[d]) break;
      for (size_t k = 0; k < operands; ++k) offsets[k] -= strides[k][d] * shape[d];
      index[d] = 0;
    }
    if (dim < 0) return;
  }
}

// Activation functions shared by the unary kernels, the fused Dense kernel and the recurrent
// kernels, so all produce the same float32 results. tanh and sigmoid are the branch-free
// approximations of activations.h (<= 2 ulp, identical in every clone), not libm's.
inline float reluOf(float v) { return v < 0 ? 0.0f : v; }
inline float sigmoidOf(float v) { return activation::sigmoidOf(v); }
inline float tanhOf(float v) { return activation::tanhOf(v); }

// out[i] = sigmoidOf(in[i]) / tanhOf(in[i]) for i < n, vectorized and cloned (KTS_CLONES);
// in may equal out.
void sigmoidArray(const float* in, float* out, size_t n);
void tanhArray(const float* in, float* out, size_t n);

// Column sums of a rows x cols matrix (the bias gradients of the fused Dense and recurrent
// kernels): the Sum kernel's reduction over axis 0, each sum accumulated in double from row 0 down
// and rounded to float32 into out (reduce.cc, cloned).
void columnSums(const float* matrix, int64_t rows, int64_t cols, float* out);

// Numerically stable softmax over each contiguous row of a rows x cols matrix (in may equal out).
void softmaxRows(const float* in, float* out, int64_t rows, int64_t cols);

// Row-major C = alpha·op(A)·op(B) + beta·C through OpenBLAS, with the BLAS thread count chosen
// for the problem: products below a few million multiply-adds run on one thread (see gemm.cc).
void sgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc);

// The thread count setThreads configured (OpenBLAS's, and parallelFor's limit).
int blasThreads();

// A loop body over [begin, end) of a range, with its caller's state.
using ParallelBody = void (*)(void* context, size_t begin, size_t end);

// Runs body(context, begin, end) over [0, n) in up to blasThreads() contiguous chunks of at least
// minimumPerThread elements (boundaries on 64-byte lines), taken by the calling thread and by
// helper threads pinned to the other allowed CPUs as each comes free (parallel.cc), and returns
// when all are done; with one thread, one allowed CPU, a range too short or the helpers busy with
// another caller's job, the whole range on the calling thread. Only for loops whose elements are
// independent: the results are those of one pass, whatever the split.
void parallelFor(size_t n, size_t minimumPerThread, ParallelBody body, void* context);

// parallelFor over a callable `body(begin, end)`.
template <typename Body>
void parallelFor(size_t n, size_t minimumPerThread, const Body& body) {
  parallelFor(
      n, minimumPerThread,
      [](void* context, size_t begin, size_t end) { (*static_cast<const Body*>(context))(begin, end); },
      const_cast<Body*>(&body));
}

// Registration hooks, one per source file.
void registerGemm(Napi::Env env, Napi::Object exports);
void registerElementwise(Napi::Env env, Napi::Object exports);
void registerCopy(Napi::Env env, Napi::Object exports);
void registerReduce(Napi::Env env, Napi::Object exports);
void registerConv(Napi::Env env, Napi::Object exports);
void registerPool(Napi::Env env, Napi::Object exports);
void registerGather(Napi::Env env, Napi::Object exports);
void registerOptimizer(Napi::Env env, Napi::Object exports);
void registerDense(Napi::Env env, Napi::Object exports);
void registerRecurrent(Napi::Env env, Napi::Object exports);
void registerRandom(Napi::Env env, Napi::Object exports);
void registerCrossentropy(Napi::Env env, Napi::Object exports);
void registerParallel(Napi::Env env, Napi::Object exports);

}  // namespace kts
