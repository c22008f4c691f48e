// Elementwise kernels: unary maps, broadcasting binary maps, casts, fills, select and the
// bias + activation epilogue of _FusedMatMul. One translation unit per arch keeps nvcc fast.
#include "kernels/common.cuh"
#include "kernels/launchers.h"

namespace keras_ts_cuda {
namespace {

__device__ float UnaryFloat(int op, float x, float alpha, float beta) {
  switch (op) {
    case kAbs: return fabsf(x);
    case kNeg: return -x;
    case kExp: return expf(x);
    case kExpm1: return expm1f(x);
    case kLog: return logf(x);
    case kLog1p: return log1pf(x);
    case kSqrt: return sqrtf(x);
    case kRsqrt: return rsqrtf(x);
    case kSquare: return x * x;
    case kReciprocal: return 1.0f / x;
    case kRelu: return x > 0.0f ? x : (x != x ? x : 0.0f);
    case kRelu6: return x != x ? x : fminf(fmaxf(x, 0.0f), 6.0f);
    case kElu: return x >= 0.0f ? x : expm1f(x);
    case kSelu: return 1.0507009873554804934193349852946f * (x >= 0.0f ? x : 1.6732632423543772848170429916717f * expm1f(x));
    case kSigmoid: return 1.0f / (1.0f + expf(-x));
    case kTanh: return tanhf(x);
    case kSoftplus: return x > 20.0f ? x : (x < -20.0f ? expf(x) : log1pf(expf(x)));
    case kSign: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x != x ? x : 0.0f));
    case kFloor: return floorf(x);
    case kCeil: return ceilf(x);
    case kRound: return rintf(x);
    case kSin: return sinf(x);
    case kCos: return cosf(x);
    case kTan: return tanf(x);
    case kAsin: return asinf(x);
    case kAcos: return acosf(x);
    case kAtan: return atanf(x);
    case kSinh: return sinhf(x);
    case kCosh: return coshf(x);
    case kAsinh: return asinhf(x);
    case kAcosh: return acoshf(x);
    case kAtanh: return atanhf(x);
    case kErf: return erff(x);
    case kStep: return x > 0.0f ? 1.0f : (x != x ? x : alpha);
    case kLeakyRelu: return x < 0.0f ? alpha * x : x;
    case kClip: return x != x ? x : fminf(fmaxf(x, alpha), beta);
    default: return 0.0f;
  }
}

__global__ void UnaryFloatKernel(int op, const float* x, float* y, std::int64_t n, float alpha, float beta) {
  KERAS_TS_GRID_STRIDE(i, n) y[i] = UnaryFloat(op, x[i], alpha, beta);
}

// Predicates on floats write int32 0/1 (bool storage).
__global__ void UnaryPredicateKernel(int op, const float* x, int* y, std::int64_t n) {
  KERAS_TS_GRID_STRIDE(i, n) {
    const float v = x[i];
    y[i] = op == kIsNan ? (v != v) : op == kIsInf ? (isinf(v) ? 1 : 0) : (isfinite(v) ? 1 : 0);
  }
}

__global__ void UnaryIntKernel(int op, const int* x, int* y, std::int64_t n, float alpha, float beta) {
  KERAS_TS_GRID_STRIDE(i, n) {
    const int v = x[i];
    switch (op) {
      case kAbs: y[i] = v < 0 ? -v : v; break;
      case kNeg: y[i] = -v; break;
      case kSquare: y[i] = v * v; break;
      case kSign: y[i] = (v > 0) - (v < 0); break;
      case kLogicalNot: y[i] = v == 0 ? 1 : 0; break;
      case kRelu: y[i] = v > 0 ? v : 0; break;
      case kClip: y[i] = static_cast<int>(fminf(fmaxf(static_cast<float>(v), alpha), beta)); break;
      default: y[i] = 0;
    }
  }
}

template <typename T>
__device__ T BinaryValue(int op, T a, T b);

template <>
__device__ float BinaryValue<float>(int op, float a, float b) {
  switch (op) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kMul: return a * b;
    case kRealDiv: return a / b;
    case kFloorDiv: return floorf(a / b);
    case kMod: { const float r = fmodf(a, b); return (r != 0.0f && ((r < 0.0f) != (b < 0.0f))) ? r + b : r; }
    case kMaximum: return (a != a || b != b) ? a + b : fmaxf(a, b);
    case kMinimum: return (a != a || b != b) ? a + b : fminf(a, b);
    case kPow: return powf(a, b);
    case kSquaredDifference: return (a - b) * (a - b);
    case kAtan2: return atan2f(a, b);
    case kPrelu: return a < 0.0f ? b * a : a;
    case kEluGrad: return b >= 0.0f ? a : a * (b + 1.0f);
    default: return 0.0f;
  }
}

template <>
__device__ int BinaryValue<int>(int op, int a, int b) {
  switch (op) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kMul: return a * b;
    case kRealDiv: return b == 0 ? 0 : a / b;
    case kFloorDiv: return b == 0 ? 0 : static_cast<int>(floor(static_cast<double>(a) / static_cast<double>(b)));
    case kMod: { if (b == 0) return 0; const int r = a % b; return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r; }
    case kMaximum: return a > b ? a : b;
    case kMinimum: return a < b ? a : b;
    case kPow: return static_cast<int>(pow(static_cast<double>(a), static_cast<double>(b)));
    case kSquaredDifference: return (a - b) * (a - b);
    case kPrelu: return a < 0 ? b * a : a;
    default: return 0;
  }
}

template <typename T>
__device__ int CompareValue(int op, T a, T b) {
  switch (op) {
    case kEqual: return a == b;
    case kNotEqual: return a != b;
    case kLess: return a < b;
    case kLessEqual: return a <= b;
    case kGreater: return a > b;
    case kGreaterEqual: return a >= b;
    case kLogicalAnd: return (a != T(0)) && (b != T(0));
    case kLogicalOr: return (a != T(0)) || (b != T(0));
    default: return 0;
  }
}

__device__ void BroadcastOffsets(const BroadcastShape& shape, std::int64_t index, std::int64_t* aOffset, std::int64_t* bOffset) {
  std::int64_t a = 0, b = 0;
  for (int k = shape.rank - 1; k >= 0; --k) {
    const std::int64_t coordinate = index % shape.shape[k];
    index /= shape.shape[k];
    a += coordinate * shape.aStride[k];
    b += coordinate * shape.bStride[k];
  }
  *aOffset = a;
  *bOffset = b;
}

template <typename T, typename Out, bool kCompare>
__global__ void BinaryKernel(int op, const T* a, const T* b, Out* out, std::int64_t n, BroadcastShape shape, int mode) {
  // mode 0: same shapes; 1: b is a scalar; 2: a is a scalar; 3: general broadcast.
  KERAS_TS_GRID_STRIDE(i, n) {
    std::int64_t ai = i, bi = i;
    if (mode == 1) bi = 0;
    else if (mode == 2) ai = 0;
    else if (mode == 3) BroadcastOffsets(shape, i, &ai, &bi);
    if constexpr (kCompare) out[i] = CompareValue<T>(op, a[ai], b[bi]);
    else out[i] = BinaryValue<T>(op, a[ai], b[bi]);
  }
}

int BroadcastMode(std::int64_t n, const BroadcastShape& shape) {
  bool aFull = true, bFull = true, aScalar = true, bScalar = true;
  std::int64_t contiguous = 1;
  for (int k = shape.rank - 1; k >= 0; --k) {
    if (shape.shape[k] == 1) continue;
    if (shape.aStride[k] != contiguous) aFull = false;
    if (shape.bStride[k] != contiguous) bFull = false;
    if (shape.aStride[k] != 0) aScalar = false;
    if (shape.bStride[k] != 0) bScalar = false;
    contiguous *= shape.shape[k];
  }
  (void)n;
  if (aFull && bFull) return 0;
  if (aFull && bScalar) return 1;
  if (aScalar && bFull) return 2;
  return 3;
}

template <typename From, typename To>
__global__ void CastKernel(const From* x, To* y, std::int64_t n, bool toBool) {
  KERAS_TS_GRID_STRIDE(i, n) {
    if (toBool) y[i] = static_cast<To>(x[i] != From(0) ? 1 : 0);
    else y[i] = static_cast<To>(x[i]);  // float -> int truncates toward zero, as Int32Array.from does
  }
}

template <typename T>
__global__ void FillKernel(T* y, std::int64_t n, T value) {
  KERAS_TS_GRID_STRIDE(i, n) y[i] = value;
}

__global__ void SelectKernel(const int* condition, const int* onTrue, const int* onFalse, int* out, std::int64_t n, std::int64_t perCondition) {
  KERAS_TS_GRID_STRIDE(i, n) out[i] = condition[i / perCondition] ? onTrue[i] : onFalse[i];
}

__global__ void BiasActivationKernel(float* y, std::int64_t n, std::int64_t columns, const float* bias, std::int64_t biasSize, int activation,
                                     const float* alpha, std::int64_t alphaSize, float leakyAlpha) {
  KERAS_TS_GRID_STRIDE(i, n) {
    float v = y[i];
    if (bias != nullptr) v += bias[biasSize == 1 ? 0 : i % columns];
    switch (activation) {
      case kActivationRelu: v = v > 0.0f ? v : 0.0f; break;
      case kActivationRelu6: v = fminf(fmaxf(v, 0.0f), 6.0f); break;
      case kActivationElu: v = v >= 0.0f ? v : expm1f(v); break;
      case kActivationSigmoid: v = 1.0f / (1.0f + expf(-v)); break;
      case kActivationLeakyRelu: v = v < 0.0f ? leakyAlpha * v : v; break;
      case kActivationPrelu: v = v < 0.0f ? alpha[alphaSize == 1 ? 0 : i % columns] * v : v; break;
      default: break;
    }
    y[i] = v;
  }
}

}  // namespace

void LaunchUnary(int op, DType type, const void* x, void* y, std::int64_t n, float alpha, float beta) {
  if (n == 0) return;
  if (type == DType::kInt32) {
    UnaryIntKernel<<<GridFor(n), kThreads>>>(op, static_cast<const int*>(x), static_cast<int*>(y), n, alpha, beta);
  } else if (op == kIsNan || op == kIsInf || op == kIsFinite) {
    UnaryPredicateKernel<<<GridFor(n), kThreads>>>(op, static_cast<const float*>(x), static_cast<int*>(y), n);
  } else {
    UnaryFloatKernel<<<GridFor(n), kThreads>>>(op, static_cast<const float*>(x), static_cast<float*>(y), n, alpha, beta);
  }
  CheckLaunch("unary");
}

void LaunchBinary(int op, DType type, const void* a, const void* b, void* out, std::int64_t n, const BroadcastShape& shape) {
  if (n == 0) return;
  const int mode = BroadcastMode(n, shape);
  const bool compare = op >= kEqual;
  if (type == DType::kFloat32) {
    const auto* fa = static_cast<const float*>(a);
    const auto* fb = static_cast<const float*>(b);
    if (compare) BinaryKernel<float, int, true><<<GridFor(n), kThreads>>>(op, fa, fb, static_cast<int*>(out), n, shape, mode);
    else BinaryKernel<float, float, false><<<GridFor(n), kThreads>>>(op, fa, fb, static_cast<float*>(out), n, shape, mode);
  } else {
    const auto* ia = static_cast<const int*>(a);
    const auto* ib = static_cast<const int*>(b);
    if (compare) BinaryKernel<int, int, true><<<GridFor(n), kThreads>>>(op, ia, ib, static_cast<int*>(out), n, shape, mode);
    else BinaryKernel<int, int, false><<<GridFor(n), kThreads>>>(op, ia, ib, static_cast<int*>(out), n, shape, mode);
  }
  CheckLaunch("binary");
}

void LaunchCast(DType from, DType to, bool toBool, const void* x, void* y, std::int64_t n) {
  if (n == 0) return;
  if (from == DType::kFloat32 && to == DType::kInt32) CastKernel<float, int><<<GridFor(n), kThreads>>>(static_cast<const float*>(x), static_cast<int*>(y), n, toBool);
  else if (from == DType::kInt32 && to == DType::kFloat32) CastKernel<int, float><<<GridFor(n), kThreads>>>(static_cast<const int*>(x), static_cast<float*>(y), n, toBool);
  else if (from == DType::kInt32) CastKernel<int, int><<<GridFor(n), kThreads>>>(static_cast<const int*>(x), static_cast<int*>(y), n, toBool);
  else CastKernel<float, float><<<GridFor(n), kThreads>>>(static_cast<const float*>(x), static_cast<float*>(y), n, toBool);
  CheckLaunch("cast");
}

void LaunchFill(DType type, void* y, std::int64_t n, double value) {
  if (n == 0) return;
  if (type == DType::kFloat32) FillKernel<float><<<GridFor(n), kThreads>>>(static_cast<float*>(y), n, static_cast<float>(value));
  else FillKernel<int><<<GridFor(n), kThreads>>>(static_cast<int*>(y), n, static_cast<int>(value));
  CheckLaunch("fill");
}

void LaunchSelect(const int* condition, const void* onTrue, const void* onFalse, void* out, std::int64_t n, std::int64_t conditionSize) {
  if (n == 0) return;
  SelectKernel<<<GridFor(n), kThreads>>>(condition, static_cast<const int*>(onTrue), static_cast<const int*>(onFalse), static_cast<int*>(out), n,
                                         n / conditionSize);
  CheckLaunch("select");
}

void LaunchBiasActivation(float* y, std::int64_t n, std::int64_t columns, const float* bias, std::int64_t biasSize, int activation,
                          const float* alpha, std::int64_t alphaSize, float leakyAlpha) {
  if (n == 0) return;
  BiasActivationKernel<<<GridFor(n), kThreads>>>(y, n, columns, bias, biasSize, activation, alpha, alphaSize, leakyAlpha);
  CheckLaunch("biasActivation");
}

}  // namespace keras_ts_cuda
