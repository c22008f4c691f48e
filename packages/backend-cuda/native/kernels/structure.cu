// Data-movement and reduction kernels: strided copies (transpose, slice, concat, pad, tile,
// reverse), row reductions, softmax, gather, segment sums and one-hot.
#include "kernels/common.cuh"
#include "kernels/launchers.h"

#include <cfloat>
#include <climits>

namespace keras_ts_cuda {
namespace {

__global__ void CopyStridedKernel(const int* x, int* y, std::int64_t n, StridedCopy copy) {
  KERAS_TS_GRID_STRIDE(i, n) {
    std::int64_t remaining = i, in = copy.inOffset, out = copy.outOffset;
    for (int k = copy.rank - 1; k >= 0; --k) {
      const std::int64_t coordinate = remaining % copy.shape[k];
      remaining /= copy.shape[k];
      in += (copy.useModulo ? coordinate % copy.modulo[k] : coordinate) * copy.inStride[k];
      out += coordinate * copy.outStride[k];
    }
    y[out] = x[in];
  }
}

template <typename T>
struct Limits;
template <>
struct Limits<float> {
  __device__ static float Lowest() { return -INFINITY; }
  __device__ static float Highest() { return INFINITY; }
};
template <>
struct Limits<int> {
  __device__ static int Lowest() { return INT_MIN; }
  __device__ static int Highest() { return INT_MAX; }
};

template <typename T>
__device__ T Identity(int op) {
  switch (op) {
    case kProd: case kAll: return T(1);
    case kMax: return Limits<T>::Lowest();
    case kMin: return Limits<T>::Highest();
    default: return T(0);
  }
}

template <typename T>
__device__ T Combine(int op, T a, T b) {
  switch (op) {
    case kProd: return a * b;
    case kMax: return (a != a) ? a : (b != b ? b : (a > b ? a : b));
    case kMin: return (a != a) ? a : (b != b ? b : (a < b ? a : b));
    case kAll: return (a != T(0) && b != T(0)) ? T(1) : T(0);
    case kAny: return (a != T(0) || b != T(0)) ? T(1) : T(0);
    default: return a + b;
  }
}

// One block per row; a row of `columns` contiguous values reduces to y[row].
template <typename T>
__global__ void ReduceRowsKernel(int op, const T* x, T* y, std::int64_t rows, std::int64_t columns) {
  __shared__ T partial[kThreads];
  for (std::int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* values = x + row * columns;
    T accumulator = Identity<T>(op);
    for (std::int64_t c = threadIdx.x; c < columns; c += blockDim.x) accumulator = Combine<T>(op, accumulator, values[c]);
    partial[threadIdx.x] = accumulator;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) partial[threadIdx.x] = Combine<T>(op, partial[threadIdx.x], partial[threadIdx.x + width]);
      __syncthreads();
    }
    if (threadIdx.x == 0) y[row] = op == kMean ? static_cast<T>(partial[0] / static_cast<T>(columns)) : partial[0];
    __syncthreads();
  }
}

// First index of the extreme value in each row (as tfjs's cpu kernel does).
template <typename T>
__global__ void ArgReduceRowsKernel(bool isMax, const T* x, int* y, std::int64_t rows, std::int64_t columns) {
  __shared__ T bestValue[kThreads];
  __shared__ std::int64_t bestIndex[kThreads];
  for (std::int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* values = x + row * columns;
    T best = isMax ? Limits<T>::Lowest() : Limits<T>::Highest();
    std::int64_t index = columns;
    for (std::int64_t c = threadIdx.x; c < columns; c += blockDim.x) {
      const T v = values[c];
      if (isMax ? (v > best) : (v < best)) { best = v; index = c; }
      else if (index == columns && v == best) index = c;
    }
    bestValue[threadIdx.x] = best;
    bestIndex[threadIdx.x] = index;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) {
        const T other = bestValue[threadIdx.x + width];
        const std::int64_t otherIndex = bestIndex[threadIdx.x + width];
        const bool better = isMax ? other > bestValue[threadIdx.x] : other < bestValue[threadIdx.x];
        if (better || (other == bestValue[threadIdx.x] && otherIndex < bestIndex[threadIdx.x])) {
          bestValue[threadIdx.x] = other;
          bestIndex[threadIdx.x] = otherIndex;
        }
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) y[row] = static_cast<int>(bestIndex[0] == columns ? 0 : bestIndex[0]);
    __syncthreads();
  }
}

__global__ void SoftmaxRowsKernel(const float* x, float* y, std::int64_t rows, std::int64_t columns) {
  __shared__ float partial[kThreads];
  for (std::int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const float* in = x + row * columns;
    float* out = y + row * columns;
    float maximum = -INFINITY;
    for (std::int64_t c = threadIdx.x; c < columns; c += blockDim.x) maximum = fmaxf(maximum, in[c]);
    partial[threadIdx.x] = maximum;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) partial[threadIdx.x] = fmaxf(partial[threadIdx.x], partial[threadIdx.x + width]);
      __syncthreads();
    }
    maximum = partial[0];
    __syncthreads();
    float sum = 0.0f;
    for (std::int64_t c = threadIdx.x; c < columns; c += blockDim.x) {
      const float e = expf(in[c] - maximum);
      out[c] = e;
      sum += e;
    }
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) partial[threadIdx.x] += partial[threadIdx.x + width];
      __syncthreads();
    }
    const float scale = 1.0f / partial[0];
    for (std::int64_t c = threadIdx.x; c < columns; c += blockDim.x) out[c] *= scale;
    __syncthreads();
  }
}

// Out-of-range indices produce zeros (TensorFlow's GPU behaviour); the TypeScript side
// validates indices of small tensors on the host before launching.
__global__ void GatherKernel(const int* x, const int* indices, int* y, std::int64_t n, std::int64_t outer, std::int64_t axisSize,
                             std::int64_t indexCount, std::int64_t inner) {
  KERAS_TS_GRID_STRIDE(i, n) {
    const std::int64_t j = i % inner;
    const std::int64_t k = (i / inner) % indexCount;
    const std::int64_t o = (i / inner / indexCount) % outer;
    const std::int64_t b = i / inner / indexCount / outer;
    const int index = indices[b * indexCount + k];
    y[i] = (index >= 0 && index < axisSize) ? x[((b * outer + o) * axisSize + index) * inner + j] : 0;
  }
}

template <typename T>
__global__ void SegmentSumKernel(const T* x, const int* segments, T* y, std::int64_t n, std::int64_t inner, std::int64_t segmentCount) {
  KERAS_TS_GRID_STRIDE(i, n) {
    const int segment = segments[i / inner];
    if (segment >= 0 && segment < segmentCount) atomicAdd(&y[segment * inner + i % inner], x[i]);
  }
}

template <typename T>
__global__ void OneHotKernel(const int* indices, T* y, std::int64_t n, std::int64_t depth, T onValue, T offValue) {
  KERAS_TS_GRID_STRIDE(i, n) y[i] = indices[i / depth] == static_cast<int>(i % depth) ? onValue : offValue;
}

unsigned RowGrid(std::int64_t rows) { return static_cast<unsigned>(rows < 65535 * 4 ? rows : 65535 * 4); }

}  // namespace

void LaunchCopyStrided(const void* x, void* y, const StridedCopy& copy) {
  std::int64_t n = 1;
  for (int k = 0; k < copy.rank; ++k) n *= copy.shape[k];
  if (n == 0) return;
  CopyStridedKernel<<<GridFor(n), kThreads>>>(static_cast<const int*>(x), static_cast<int*>(y), n, copy);
  CheckLaunch("copyStrided");
}

void LaunchReduce(int op, DType type, const void* x, void* y, std::int64_t rows, std::int64_t columns) {
  if (rows == 0) return;
  if (type == DType::kFloat32) ReduceRowsKernel<float><<<RowGrid(rows), kThreads>>>(op, static_cast<const float*>(x), static_cast<float*>(y), rows, columns);
  else ReduceRowsKernel<int><<<RowGrid(rows), kThreads>>>(op, static_cast<const int*>(x), static_cast<int*>(y), rows, columns);
  CheckLaunch("reduce");
}

void LaunchArgReduce(bool isMax, DType type, const void* x, int* y, std::int64_t rows, std::int64_t columns) {
  if (rows == 0) return;
  if (type == DType::kFloat32) ArgReduceRowsKernel<float><<<RowGrid(rows), kThreads>>>(isMax, static_cast<const float*>(x), y, rows, columns);
  else ArgReduceRowsKernel<int><<<RowGrid(rows), kThreads>>>(isMax, static_cast<const int*>(x), y, rows, columns);
  CheckLaunch("argReduce");
}

void LaunchSoftmax(const float* x, float* y, std::int64_t rows, std::int64_t columns) {
  if (rows == 0 || columns == 0) return;
  SoftmaxRowsKernel<<<RowGrid(rows), kThreads>>>(x, y, rows, columns);
  CheckLaunch("softmax");
}

void LaunchGather(const void* x, const int* indices, void* y, std::int64_t batch, std::int64_t outer, std::int64_t axisSize,
                  std::int64_t indexCount, std::int64_t inner) {
  const std::int64_t n = batch * outer * indexCount * inner;
  if (n == 0) return;
  GatherKernel<<<GridFor(n), kThreads>>>(static_cast<const int*>(x), indices, static_cast<int*>(y), n, outer, axisSize, indexCount, inner);
  CheckLaunch("gather");
}

void LaunchUnsortedSegmentSum(DType type, const void* x, const int* segments, void* y, std::int64_t rows, std::int64_t inner,
                              std::int64_t segmentCount) {
  const std::int64_t total = segmentCount * inner;
  if (type == DType::kFloat32) cudaMemsetAsync(y, 0, total * sizeof(float));
  else cudaMemsetAsync(y, 0, total * sizeof(int));
  const std::int64_t n = rows * inner;
  if (n == 0) return;
  if (type == DType::kFloat32) SegmentSumKernel<float><<<GridFor(n), kThreads>>>(static_cast<const float*>(x), segments, static_cast<float*>(y), n, inner, segmentCount);
  else SegmentSumKernel<int><<<GridFor(n), kThreads>>>(static_cast<const int*>(x), segments, static_cast<int*>(y), n, inner, segmentCount);
  CheckLaunch("unsortedSegmentSum");
}

void LaunchOneHot(DType type, const int* indices, void* y, std::int64_t n, std::int64_t depth, float onValue, float offValue) {
  if (n == 0) return;
  if (type == DType::kFloat32) OneHotKernel<float><<<GridFor(n), kThreads>>>(indices, static_cast<float*>(y), n, depth, onValue, offValue);
  else OneHotKernel<int><<<GridFor(n), kThreads>>>(indices, static_cast<int*>(y), n, depth, static_cast<int>(onValue), static_cast<int>(offValue));
  CheckLaunch("oneHot");
}

}  // namespace keras_ts_cuda
