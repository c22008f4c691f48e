// Host entry points of the CUDA kernels. Op codes are mirrored in src/native/op-codes.ts.
// Every tensor lives on the device as 4-byte elements: float32 as float, int32 and bool as int.
#pragma once

#include <cstdint>

namespace keras_ts_cuda {

constexpr int kMaxRank = 6;

enum class DType : int { kFloat32 = 0, kInt32 = 1 };

enum UnaryOp : int {
  kAbs, kNeg, kExp, kExpm1, kLog, kLog1p, kSqrt, kRsqrt, kSquare, kReciprocal,
  kRelu, kRelu6, kElu, kSelu, kSigmoid, kTanh, kSoftplus, kSign, kFloor, kCeil,
  kRound, kSin, kCos, kTan, kAsin, kAcos, kAtan, kSinh, kCosh, kAsinh,
  kAcosh, kAtanh, kErf, kStep, kLeakyRelu, kClip, kIsNan, kIsInf, kIsFinite, kLogicalNot,
  kUnaryOpCount
};

enum BinaryOp : int {
  kAdd, kSub, kMul, kRealDiv, kFloorDiv, kMod, kMaximum, kMinimum, kPow, kSquaredDifference,
  kAtan2, kPrelu, kEluGrad, kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kLogicalAnd, kLogicalOr, kBinaryOpCount
};

enum ReduceOp : int { kSum, kProd, kMax, kMin, kMean, kAll, kAny, kReduceOpCount };

enum Activation : int { kLinear, kActivationRelu, kActivationRelu6, kActivationElu, kActivationSigmoid, kActivationLeakyRelu, kActivationPrelu, kActivationCount };

struct BroadcastShape {
  int rank;
  std::int64_t shape[kMaxRank];
  std::int64_t aStride[kMaxRank];
  std::int64_t bStride[kMaxRank];
};

// out[outOffset + Σ i_k outStride_k] = in[inOffset + Σ j_k inStride_k] for every index i of
// `shape`, where j_k = i_k, or i_k mod modulo_k when useModulo (tiling). Strides may be negative.
struct StridedCopy {
  int rank;
  bool useModulo;
  std::int64_t shape[kMaxRank];
  std::int64_t inStride[kMaxRank];
  std::int64_t outStride[kMaxRank];
  std::int64_t modulo[kMaxRank];
  std::int64_t inOffset;
  std::int64_t outOffset;
};

// All launchers enqueue on the default stream and throw std::runtime_error on a launch error.
void LaunchUnary(int op, DType type, const void* x, void* y, std::int64_t n, float alpha, float beta);
void LaunchBinary(int op, DType type, const void* a, const void* b, void* out, std::int64_t n, const BroadcastShape& shape);
void LaunchCast(DType from, DType to, bool toBool, const void* x, void* y, std::int64_t n);
void LaunchFill(DType type, void* y, std::int64_t n, double value);
void LaunchSelect(const int* condition, const void* onTrue, const void* onFalse, void* out, std::int64_t n, std::int64_t conditionSize);
void LaunchBiasActivation(float* y, std::int64_t n, std::int64_t columns, const float* bias, std::int64_t biasSize, int activation,
                          const float* alpha, std::int64_t alphaSize, float leakyAlpha);

void LaunchCopyStrided(const void* x, void* y, const StridedCopy& copy);
void LaunchReduce(int op, DType type, const void* x, void* y, std::int64_t rows, std::int64_t columns);
void LaunchArgReduce(bool isMax, DType type, const void* x, int* y, std::int64_t rows, std::int64_t columns);
void LaunchSoftmax(const float* x, float* y, std::int64_t rows, std::int64_t columns);
void LaunchGather(const void* x, const int* indices, void* y, std::int64_t batch, std::int64_t outer, std::int64_t axisSize,
                  std::int64_t indexCount, std::int64_t inner);
void LaunchUnsortedSegmentSum(DType type, const void* x, const int* segments, void* y, std::int64_t rows, std::int64_t inner,
                              std::int64_t segmentCount);
void LaunchOneHot(DType type, const int* indices, void* y, std::int64_t n, std::int64_t depth, float onValue, float offValue);

}  // namespace keras_ts_cuda
