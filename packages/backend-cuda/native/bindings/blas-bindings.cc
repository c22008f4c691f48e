// cuBLAS matrix products on row-major data. cuBLAS is column-major, so C = op(A)·op(B) is
// computed as Cᵀ = op(B)ᵀ·op(A)ᵀ, which reads the row-major buffers as they are.
#include "bindings/arguments.h"
#include "bindings/registry.h"
#include "runtime/libraries.h"

namespace keras_ts_cuda {
namespace {

// gemm(a, b, c, batch, m, n, k, transposeA, transposeB, strideA, strideB): for each batch i,
// C_i[m×n] = op(A_i)·op(B_i) with A_i = a + i·strideA (elements; 0 broadcasts one matrix).
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Cublas& blas = GetCublas();
    const auto* a = static_cast<const float*>(PointerArgument(info, 0));
    const auto* b = static_cast<const float*>(PointerArgument(info, 1));
    auto* c = static_cast<float*>(PointerArgument(info, 2));
    const int batch = static_cast<int>(IntegerArgument(info, 3));
    const int m = static_cast<int>(IntegerArgument(info, 4));
    const int n = static_cast<int>(IntegerArgument(info, 5));
    const int k = static_cast<int>(IntegerArgument(info, 6));
    const bool transposeA = BooleanArgument(info, 7);
    const bool transposeB = BooleanArgument(info, 8);
    const long long strideA = IntegerArgument(info, 9);
    const long long strideB = IntegerArgument(info, 10);
    if (batch == 0 || m == 0 || n == 0) return info.Env().Undefined();
    const float one = 1.0f;
    const float zero = 0.0f;
    const int leadingA = transposeA ? m : k;
    const int leadingB = transposeB ? k : n;
    const cublasStatus_t status = blas.cublasSgemmStridedBatched(
        blas.handle, transposeB ? CUBLAS_OP_T : CUBLAS_OP_N, transposeA ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k, &one, b, leadingB, strideB, a, leadingA, strideA,
        &zero, c, n, static_cast<long long>(m) * n, batch);
    if (status != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cuda: cublasSgemmStridedBatched failed with status " + std::to_string(static_cast<int>(status)));
    return info.Env().Undefined();
  });
}

}  // namespace

void RegisterBlasBindings(Napi::Env env, Napi::Object exports) { exports.Set("gemm", Napi::Function::New(env, Gemm)); }

}  // namespace keras_ts_cuda
