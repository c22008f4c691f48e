// Whole-sequence LSTM and GRU (Keras 3 defaults): the forward pass over every time step and its
// backpropagation through time, each in one call. Time steps go in blocks of consecutive times (one
// step from kStepBatch samples on, about kBlockRows rows below) whose products are made while the
// block is in cache: forward, the block's input projection x·W (one sgemm), then per step h·U (one
// small sgemm) and an elementwise pass over the gates; backward, per step the elementwise pass for
// the gate pre-activation gradients dz_t and dh += dz_t·Uᵀ, then for the block dx = dz·Wᵀ, dW +=
// xᵀ·dz, dU += h_prevᵀ·dz and the bias sums. Made for the whole sequence at once instead (one
// [batch·time, ·] sgemm each, as before 2026-12-03), the projections and gradients were arrays of
// megabytes written once, then read back strided by a whole sequence per sample each step; on a
// machine that streams a few GB/s per core that traffic set the time (seed 003's LSTM: batch 64,
// 100 steps, 32 units, ≈ 0.6× the time forward and 0.75× backward in blocks). One step per block
// would do for seed 003's batch of 64, but not for small batches: at batch 1 each product would be
// a matrix-vector one and dW a rank-1 update per step (8.7× slower backward, measured), which the
// blocks of kBlockRows rows avoid. Elementwise work follows the float32 operations of the layers'
// per-step op chain in the same order (see backend-kit's fused/lstm-sequence.ts and
// fused/gru-sequence.ts, the reference).
//
// Layouts, row-major: x [batch, time, features]; kernel [features, G]; recurrent [units, G]
// (G = 4·units for the LSTM, 3·units for the GRU); mask [batch, time]; the output sequence
// [batch, time, units] in processing order; the workspace [time, batch, width], time-major so that
// a step's rows are one contiguous block (this backend's own layout: only its gradient kernel
// reads it) (LSTM width 7·units + 1: i, f, c̃, o, c_prev, tanh(c_new), h_prev, mask; GRU
// 5·units + 1: z, r, h̃, h·U_h + b'_h, h_prev, mask).
#include <cblas.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common.h"

namespace kts {
namespace {

struct Dims {
  int64_t batch;
  int64_t time;
  int64_t features;
  int64_t units;
  bool backwards;
  int64_t timeAt(int64_t step) const { return backwards ? time - 1 - step : step; }
};

Dims dimsOf(const Napi::CallbackInfo& info, size_t at) {
  const std::vector<int64_t> dims = intsOf(info[at], "dims");
  if (dims.size() != 4 || dims[0] < 1 || dims[1] < 1 || dims[2] < 0 || dims[3] < 1)
    throw Napi::RangeError::New(info.Env(), "recurrent sequence: dims must be [batch >= 1, time >= 1, features >= 0, units >= 1]");
  return Dims{dims[0], dims[1], dims[2], dims[3], info[at + 1].ToBoolean()};
}

// A Float32Array argument of exactly `length` elements; null when `optional` and null/undefined.
float* floatsOf(const Napi::CallbackInfo& info, size_t at, const char* name, int64_t length, bool optional = false) {
  if (optional && (info[at].IsNull() || info[at].IsUndefined())) return nullptr;
  View view = viewOf(info[at], name);
  if (view.type != ElementType::Float32 || view.length != static_cast<size_t>(length))
    throw Napi::RangeError::New(info.Env(), std::string("recurrent sequence: ") + name + " must be a Float32Array of " + std::to_string(length) +
                                                " elements, got " + std::to_string(view.length));
  return view.f32();
}

// c (m x n) = op(a) x op(b) + beta·c, with leading dimensions given; zero-size products fill or keep c.
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb, float beta,
          float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (beta == 0.0f)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = 0.0f;
    return;
  }
  sgemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

// out[k] += Σ_r rows[r·n + k] in double, for k < n: the bias gradients' column sums, one block of
// rows at a time (rounded to float once, at the end, as the Sum kernel's reduction does).
KTS_CLONES void addColumnSums(const float* __restrict rows, int64_t count, int64_t n, double* __restrict out) {
  for (int64_t r = 0; r < count; ++r)
    for (int64_t k = 0; k < n; ++k) out[k] += static_cast<double>(rows[r * n + k]);
}

// Time steps per block: one from kStepBatch samples on — a step's products then have enough rows,
// and its arrays stay in cache (seed 003's batch of 64: 0.63× the time forward and 0.73×
// backward against whole-sequence products) — and otherwise as many as make kBlockRows rows, so
// that small batches still get products of many rows (and two OpenBLAS threads where they are
// large): at batch 1 and 8 one step per block was 1.1–8.7× slower than whole-sequence products,
// blocks of 64 rows 1.1–1.3×.
constexpr int64_t kStepBatch = 64;
constexpr int64_t kBlockRows = 256;
int64_t stepsPerBlock(const Dims& d) { return d.batch >= kStepBatch ? 1 : std::min(d.time, (kBlockRows + d.batch - 1) / d.batch); }

// Elements of a block's array of `width` values per row.
size_t blockSize(const Dims& d, int64_t width) { return static_cast<size_t>(stepsPerBlock(d) * d.batch * width); }

// Elements of a block's gathered copy of x (or dx): none when blocks are single steps, whose products
// read and write those rows in place.
size_t gatheredSize(const Dims& d) { return stepsPerBlock(d) == 1 ? 0 : blockSize(d, d.features); }

// A run of consecutive times [low, low + count), processed together; rows of a block's arrays are
// time-major: row (t − low)·batch + b.
struct TimeBlock {
  int64_t low;
  int64_t count;
};

// The blocks in processing order: forward from the first step (goBackwards: from the last time),
// or, with `reverse`, from the last processing step back to the first. `f(block, firstStep)` gets
// each block and its first processing step (its steps are firstStep … firstStep + count − 1).
template <typename F>
void forEachTimeBlock(const Dims& d, bool reverse, F f) {
  const int64_t T = d.time;
  const int64_t perBlock = stepsPerBlock(d);
  const int64_t blocks = (T + perBlock - 1) / perBlock;
  for (int64_t i = 0; i < blocks; ++i) {
    const int64_t index = reverse ? blocks - 1 - i : i;
    const int64_t first = index * perBlock;
    const int64_t count = std::min(perBlock, T - first);
    f(TimeBlock{d.backwards ? T - first - count : first, count}, first);
  }
}

// x's rows for the block's times, time-major, into out [count·batch, features].
void gatherBlock(const Dims& d, const TimeBlock& block, const float* x, float* out) {
  const int64_t B = d.batch, T = d.time, F = d.features;
  for (int64_t k = 0; k < block.count; ++k)
    for (int64_t b = 0; b < B; ++b) std::copy_n(x + (b * T + block.low + k) * F, F, out + (k * B + b) * F);
}

// The inverse of gatherBlock: block rows [count·batch, features] to their [batch, time] places.
void scatterBlock(const Dims& d, const TimeBlock& block, const float* rows, float* x) {
  const int64_t B = d.batch, T = d.time, F = d.features;
  for (int64_t k = 0; k < block.count; ++k)
    for (int64_t b = 0; b < B; ++b) std::copy_n(rows + (k * B + b) * F, F, x + (b * T + block.low + k) * F);
}

// A recurrent layer's input projection x_t·W (+ b) for a block of steps: one product over the
// block's rows (time-major), read step by step by the gate passes.
class BlockProjection {
 public:
  BlockProjection(const Dims& d, int64_t gates) : d_(d), gates_(gates), x_(gatheredSize(d)), projected_(blockSize(d, gates)) {}

  // Projects the block's rows of x with `kernel` [features, G], then adds `bias` [G] (null: none)
  // to every row.
  void project(const TimeBlock& block, const float* x, const float* kernel, const float* bias) {
    const int64_t F = d_.features, G = gates_, rows = block.count * d_.batch;
    if (block.count == 1) {
      // One step: its rows of x are `time·features` apart; the product reads them in place.
      gemm(false, false, rows, G, F, x + block.low * F, d_.time * F, kernel, G, 0.0f, projected_.data(), G);
    } else {
      gatherBlock(d_, block, x, x_.data());
      gemm(false, false, rows, G, F, x_.data(), F, kernel, G, 0.0f, projected_.data(), G);
    }
    if (bias != nullptr)
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < G; ++j) projected_[r * G + j] = projected_[r * G + j] + bias[j];
  }

  // Time t's [batch, G] block of the projection (t in the block last projected).
  const float* at(const TimeBlock& block, int64_t t) const { return projected_.data() + (t - block.low) * d_.batch * gates_; }

 private:
  const Dims d_;
  const int64_t gates_;
  std::vector<float> x_, projected_;
};

// The gradients a recurrent layer's backward pass takes from its gate gradients, a block of
// steps at a time while the block is in cache: given the block's dxz (gradients of the input
// pre-activations x_t·W + b) and dhz (of the recurrent ones h·U + b'; the same rows for the
// LSTM), time-major, dx = dxz·Wᵀ, dW += xᵀ·dxz, dU += h_prevᵀ·dhz and the bias gradients' column
// sums; and per step dh += dhz_t·Uᵀ. From kTransposeBatch samples on, Wᵀ and Uᵀ are transposed
// once per call: OpenBLAS's small-matrix kernels ran these products with a transposed right
// operand slower (seed 003's LSTM backward ≈ 1.14× the time at batch 64; same results); with a
// handful of rows (batch 1) the transposed-operand form was the faster one, so it stays there.
// The first block added overwrites dW and dU.
class BlockGradients {
 public:
  BlockGradients(const Dims& d, int64_t gates, const float* kernel, const float* recurrent, float* dKernel, float* dRecurrent,
                 int64_t biasParts)
      : d_(d),
        gates_(gates),
        kernel_(kernel),
        recurrent_(recurrent),
        kernelT_(d.batch >= kTransposeBatch ? transposed(kernel, d.features, gates) : std::vector<float>()),
        recurrentT_(d.batch >= kTransposeBatch ? transposed(recurrent, d.units, gates) : std::vector<float>()),
        x_(gatheredSize(d)),
        dx_(gatheredSize(d)),
        dKernel_(dKernel),
        dRecurrent_(dRecurrent),
        biasSums_(static_cast<size_t>(biasParts * gates), 0.0) {}

  // dh += dhz_t·Uᵀ for one step's [batch, G] rows.
  void carry(const float* dRecurrentStep, float* dh) const {
    timesTransposed(d_.batch, d_.units, dRecurrentStep, recurrent_, recurrentT_, 1.0f, dh, d_.units);
  }

  // The block's products (see the class comment); previousH is h_prev's rows for the block, time-
  // major, `previousHStride` apart.
  void add(const TimeBlock& block, const float* x, const float* dInputRows, const float* previousH, int64_t previousHStride,
           const float* dRecurrentRows, float* dx) {
    const int64_t rows = block.count * d_.batch, F = d_.features, U = d_.units, G = gates_;
    const float beta = first_ ? 0.0f : 1.0f;
    first_ = false;
    if (block.count == 1) {
      // One step: dx's and x's rows are `time·features` apart; the products use them in place.
      const int64_t stride = d_.time * F;
      timesTransposed(rows, F, dInputRows, kernel_, kernelT_, 0.0f, dx + block.low * F, stride);
      gemm(true, false, F, G, rows, x + block.low * F, stride, dInputRows, G, beta, dKernel_, G);
    } else {
      timesTransposed(rows, F, dInputRows, kernel_, kernelT_, 0.0f, dx_.data(), F);
      scatterBlock(d_, block, dx_.data(), dx);
      gatherBlock(d_, block, x, x_.data());
      gemm(true, false, F, G, rows, x_.data(), F, dInputRows, G, beta, dKernel_, G);
    }
    gemm(true, false, U, G, rows, previousH, previousHStride, dRecurrentRows, G, beta, dRecurrent_, G);
  }

  // Adds the column sums of `count` rows of G values to bias part `part`.
  void sum(int64_t part, const float* rows, int64_t count) { addColumnSums(rows, count, gates_, biasSums_.data() + part * gates_); }

  // Bias part `part`'s sums, rounded to float, into out[0 … G).
  void biasInto(int64_t part, float* out) const {
    for (int64_t k = 0; k < gates_; ++k) out[k] = static_cast<float>(biasSums_[static_cast<size_t>(part * gates_ + k)]);
  }

 private:
  static constexpr int64_t kTransposeBatch = 16;

  // out [rows, n] = a [rows, G] · mᵀ + beta·out, m [n, G] (given as `transposedM` [G, n] when made).
  void timesTransposed(int64_t rows, int64_t n, const float* a, const float* m, const std::vector<float>& transposedM, float beta, float* out,
                       int64_t ldOut) const {
    if (transposedM.empty()) gemm(false, true, rows, n, gates_, a, gates_, m, gates_, beta, out, ldOut);
    else gemm(false, false, rows, n, gates_, a, gates_, transposedM.data(), n, beta, out, ldOut);
  }

  // in [rows, columns] transposed, in 32 × 32 tiles (a plain column walk strides through memory).
  static std::vector<float> transposed(const float* in, int64_t rows, int64_t columns) {
    std::vector<float> out(static_cast<size_t>(rows * columns));
    constexpr int64_t kTile = 32;
    for (int64_t r0 = 0; r0 < rows; r0 += kTile)
      for (int64_t c0 = 0; c0 < columns; c0 += kTile)
        for (int64_t r = r0; r < std::min(rows, r0 + kTile); ++r)
          for (int64_t c = c0; c < std::min(columns, c0 + kTile); ++c) out[static_cast<size_t>(c * rows + r)] = in[r * columns + c];
    return out;
  }

  const Dims d_;
  const int64_t gates_;
  const float* kernel_;
  const float* recurrent_;
  const std::vector<float> kernelT_, recurrentT_;
  std::vector<float> x_, dx_;
  float* dKernel_;
  float* dRecurrent_;
  std::vector<double> biasSums_;
  bool first_ = true;
};

// The layer's masked step: next·keep + previous·(1 − keep).
inline float blend(float next, float previous, float keep) { return next * keep + previous * (1.0f - keep); }

// The elementwise part of one LSTM time step, for every batch row. It runs as separate passes
// over contiguous memory (gate pre-activations written into the workspace row, sigmoid over i
// and f, tanh over c̃, sigmoid over o, the cell update, tanh over c_new, the outputs) rather than
// one loop per unit, so that each pass vectorizes; cloned for AVX-512/AVX2 (KTS_CLONES), with
// the same results in every clone. Each value is the same float32 expression as before the split.
KTS_CLONES void lstmStep(const Dims& d, int64_t step, const float* projected, const float* recurrentPart, const float* bias,
                         const float* mask, float* workspace, float* h, float* c, float* last, float* sequence) {
  const int64_t T = d.time, U = d.units, G = 4 * U, W = 7 * U + 1;
  const int64_t t = d.timeAt(step);
  for (int64_t b = 0; b < d.batch; ++b) {
    const float* xz = projected + b * G;
    const float* hz = recurrentPart + b * G;
    float* row = workspace + (t * d.batch + b) * W;
    const float keep = mask == nullptr ? 1.0f : mask[b * T + t];
    float* hb = h + b * U;
    float* cb = c + b * U;
    float* ob = last + b * U;
    float* yb = sequence + (b * T + step) * U;
    for (int64_t k = 0; k < G; ++k) row[k] = xz[k] + hz[k];
    if (bias != nullptr)
      for (int64_t k = 0; k < G; ++k) row[k] = row[k] + bias[k];
    for (int64_t k = 0; k < 2 * U; ++k) row[k] = sigmoidOf(row[k]);
    for (int64_t k = 2 * U; k < 3 * U; ++k) row[k] = tanhOf(row[k]);
    for (int64_t k = 3 * U; k < 4 * U; ++k) row[k] = sigmoidOf(row[k]);
    const float* i = row;
    const float* f = row + U;
    const float* g = row + 2 * U;
    float* cPrevious = row + 4 * U;
    float* tanhC = row + 5 * U;  // holds c_new until the tanh pass
    float* hPrevious = row + 6 * U;
    for (int64_t j = 0; j < U; ++j) {
      cPrevious[j] = cb[j];
      hPrevious[j] = hb[j];
      tanhC[j] = f[j] * cPrevious[j] + i[j] * g[j];
    }
    if (mask == nullptr) {
      for (int64_t j = 0; j < U; ++j) cb[j] = tanhC[j];
    } else {
      for (int64_t j = 0; j < U; ++j) cb[j] = blend(tanhC[j], cPrevious[j], keep);
    }
    for (int64_t j = 0; j < U; ++j) tanhC[j] = tanhOf(tanhC[j]);
    const float* o = row + 3 * U;
    if (mask == nullptr) {
      for (int64_t j = 0; j < U; ++j) yb[j] = ob[j] = hb[j] = o[j] * tanhC[j];
    } else {
      for (int64_t j = 0; j < U; ++j) {
        const float hNew = o[j] * tanhC[j];
        ob[j] = blend(hNew, ob[j], keep);
        hb[j] = blend(hNew, hPrevious[j], keep);
        yb[j] = ob[j];
      }
    }
    row[7 * U] = keep;
  }
}

// lstmSequenceForward(x, kernel, recurrent, bias | null, h0, c0, mask | null,
//                     sequence, last, h, c, workspace, dims, goBackwards)
Napi::Value LSTMSequenceForward(const Napi::CallbackInfo& info) {
  const Dims d = dimsOf(info, 12);
  const int64_t B = d.batch, T = d.time, F = d.features, U = d.units, G = 4 * U, W = 7 * U + 1;
  const float* x = floatsOf(info, 0, "x", B * T * F);
  const float* kernel = floatsOf(info, 1, "kernel", F * G);
  const float* recurrent = floatsOf(info, 2, "recurrent", U * G);
  const float* bias = floatsOf(info, 3, "bias", G, true);
  const float* h0 = floatsOf(info, 4, "h0", B * U);
  const float* c0 = floatsOf(info, 5, "c0", B * U);
  const float* mask = floatsOf(info, 6, "mask", B * T, true);
  float* sequence = floatsOf(info, 7, "sequence", B * T * U);
  float* last = floatsOf(info, 8, "last", B * U);
  float* h = floatsOf(info, 9, "h", B * U);
  float* c = floatsOf(info, 10, "c", B * U);
  float* workspace = floatsOf(info, 11, "workspace", B * T * W);
  BlockProjection projection(d, G);
  std::vector<float> recurrentPart(static_cast<size_t>(B * G));
  std::copy(h0, h0 + B * U, h);
  std::copy(c0, c0 + B * U, c);
  std::fill(last, last + B * U, 0.0f);
  forEachTimeBlock(d, false, [&](const TimeBlock& block, int64_t firstStep) {
    projection.project(block, x, kernel, nullptr);
    for (int64_t step = firstStep; step < firstStep + block.count; ++step) {
      gemm(false, false, B, G, U, h, U, recurrent, G, 0.0f, recurrentPart.data(), G);
      lstmStep(d, step, projection.at(block, d.timeAt(step)), recurrentPart.data(), bias, mask, workspace, h, c, last, sequence);
    }
  });
  return info.Env().Undefined();
}

// lstmSequenceBackward(dSequence, dLast, dH, dC, x, kernel, recurrent, workspace,
//                      dx, dKernel, dRecurrent, dBias, dH0, dC0, dims, goBackwards)
// The elementwise part of one LSTM backward time step, for every batch row: the gradients of the
// step's gate pre-activations into dZ ([batch, G]), and the gradients carried to the previous
// step (dh, dc) and the output gradient still to add (dOutput). Cloned (KTS_CLONES) as lstmStep is.
KTS_CLONES void lstmBackwardStep(const Dims& d, int64_t step, const float* workspace, const float* dSequence, float* dZ,
                                 float* dh, float* dc, float* dOutput) {
  const int64_t B = d.batch, T = d.time, U = d.units, G = 4 * U, W = 7 * U + 1;
  const int64_t t = d.timeAt(step);
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict row = workspace + (t * B + b) * W;
    const float keep = row[7 * U];
    const float carry = 1.0f - keep;
    const float* __restrict upstream = dSequence + (b * T + step) * U;
    float* __restrict dz = dZ + b * G;
    float* __restrict dhb = dh + b * U;
    float* __restrict dcb = dc + b * U;
    float* __restrict dob = dOutput + b * U;
    for (int64_t j = 0; j < U; ++j) {
      const float i = row[j], f = row[U + j], g = row[2 * U + j], o = row[3 * U + j];
      const float cPrevious = row[4 * U + j], tanhC = row[5 * U + j];
      const float dOut = dob[j] + upstream[j];
      const float dhNew = dhb[j] * keep + dOut * keep;
      const float dcNew = dcb[j] * keep + (dhNew * o) * (1.0f - tanhC * tanhC);
      dz[j] = (dcNew * g) * (i * (1.0f - i));
      dz[U + j] = (dcNew * cPrevious) * (f * (1.0f - f));
      dz[2 * U + j] = (dcNew * i) * (1.0f - g * g);
      dz[3 * U + j] = (dhNew * tanhC) * (o * (1.0f - o));
      dhb[j] = dhb[j] * carry;
      dcb[j] = dcb[j] * carry + dcNew * f;
      dob[j] = dOut * carry;
    }
  }
}

Napi::Value LSTMSequenceBackward(const Napi::CallbackInfo& info) {
  const Dims d = dimsOf(info, 14);
  const int64_t B = d.batch, T = d.time, F = d.features, U = d.units, G = 4 * U, W = 7 * U + 1;
  const float* dSequence = floatsOf(info, 0, "dSequence", B * T * U);
  const float* dLast = floatsOf(info, 1, "dLast", B * U);
  const float* dHIn = floatsOf(info, 2, "dH", B * U);
  const float* dCIn = floatsOf(info, 3, "dC", B * U);
  const float* x = floatsOf(info, 4, "x", B * T * F);
  const float* kernel = floatsOf(info, 5, "kernel", F * G);
  const float* recurrent = floatsOf(info, 6, "recurrent", U * G);
  const float* workspace = floatsOf(info, 7, "workspace", B * T * W);
  float* dx = floatsOf(info, 8, "dx", B * T * F);
  float* dKernel = floatsOf(info, 9, "dKernel", F * G);
  float* dRecurrent = floatsOf(info, 10, "dRecurrent", U * G);
  float* dBias = floatsOf(info, 11, "dBias", G);
  float* dh = floatsOf(info, 12, "dH0", B * U);
  float* dc = floatsOf(info, 13, "dC0", B * U);
  std::copy(dHIn, dHIn + B * U, dh);
  std::copy(dCIn, dCIn + B * U, dc);
  std::vector<float> dOutput(dLast, dLast + B * U);
  std::vector<float> dZ(blockSize(d, G));
  BlockGradients gradients(d, G, kernel, recurrent, dKernel, dRecurrent, 1);
  forEachTimeBlock(d, true, [&](const TimeBlock& block, int64_t firstStep) {
    for (int64_t step = firstStep + block.count - 1; step >= firstStep; --step) {
      float* dz = dZ.data() + (d.timeAt(step) - block.low) * B * G;
      lstmBackwardStep(d, step, workspace, dSequence, dz, dh, dc, dOutput.data());
      gradients.carry(dz, dh);
    }
    gradients.add(block, x, dZ.data(), workspace + block.low * B * W + 6 * U, W, dZ.data(), dx);
    gradients.sum(0, dZ.data(), block.count * B);
  });
  gradients.biasInto(0, dBias);
  return info.Env().Undefined();
}

// The elementwise part of one GRU time step, for every batch row, in passes that vectorize as
// lstmStep's do: z and r pre-activations into the workspace row and one sigmoid pass over both,
// the candidate's pre-activation and one tanh pass, then the state update. `recurrentBias` (b'_h,
// or null) is added to h·U_h first, in place.
KTS_CLONES void gruStep(const Dims& d, int64_t step, const float* projected, float* recurrentPart, const float* recurrentBias,
                        const float* mask, float* workspace, float* h, float* last, float* sequence) {
  const int64_t T = d.time, U = d.units, G = 3 * U, W = 5 * U + 1;
  const int64_t t = d.timeAt(step);
  for (int64_t b = 0; b < d.batch; ++b) {
    const float* xz = projected + b * G;
    float* hz = recurrentPart + b * G;
    if (recurrentBias != nullptr)
      for (int64_t k = 0; k < G; ++k) hz[k] = hz[k] + recurrentBias[k];
    float* row = workspace + (t * d.batch + b) * W;
    const float keep = mask == nullptr ? 1.0f : mask[b * T + t];
    float* hb = h + b * U;
    float* ob = last + b * U;
    float* yb = sequence + (b * T + step) * U;
    for (int64_t k = 0; k < 2 * U; ++k) row[k] = sigmoidOf(xz[k] + hz[k]);
    const float* update = row;
    const float* reset = row + U;
    float* candidate = row + 2 * U;
    float* hCandidate = row + 3 * U;
    float* hPrevious = row + 4 * U;
    for (int64_t j = 0; j < U; ++j) {
      hCandidate[j] = hz[2 * U + j];
      hPrevious[j] = hb[j];
      candidate[j] = xz[2 * U + j] + reset[j] * hCandidate[j];
    }
    for (int64_t j = 0; j < U; ++j) candidate[j] = tanhOf(candidate[j]);
    if (mask == nullptr) {
      for (int64_t j = 0; j < U; ++j)
        yb[j] = ob[j] = hb[j] = update[j] * hPrevious[j] + (1.0f - update[j]) * candidate[j];
    } else {
      for (int64_t j = 0; j < U; ++j) {
        const float hNew = update[j] * hPrevious[j] + (1.0f - update[j]) * candidate[j];
        ob[j] = blend(hNew, ob[j], keep);
        hb[j] = blend(hNew, hPrevious[j], keep);
        yb[j] = ob[j];
      }
    }
    row[5 * U] = keep;
  }
}

// gruSequenceForward(x, kernel, recurrent, bias | null, h0, mask | null,
//                    sequence, last, h, workspace, dims, goBackwards)
Napi::Value GRUSequenceForward(const Napi::CallbackInfo& info) {
  const Dims d = dimsOf(info, 10);
  const int64_t B = d.batch, T = d.time, F = d.features, U = d.units, G = 3 * U, W = 5 * U + 1;
  const float* x = floatsOf(info, 0, "x", B * T * F);
  const float* kernel = floatsOf(info, 1, "kernel", F * G);
  const float* recurrent = floatsOf(info, 2, "recurrent", U * G);
  const float* bias = floatsOf(info, 3, "bias", 2 * G, true);
  const float* h0 = floatsOf(info, 4, "h0", B * U);
  const float* mask = floatsOf(info, 5, "mask", B * T, true);
  float* sequence = floatsOf(info, 6, "sequence", B * T * U);
  float* last = floatsOf(info, 7, "last", B * U);
  float* h = floatsOf(info, 8, "h", B * U);
  float* workspace = floatsOf(info, 9, "workspace", B * T * W);
  BlockProjection projection(d, G);
  std::vector<float> recurrentPart(static_cast<size_t>(B * G));
  std::copy(h0, h0 + B * U, h);
  std::fill(last, last + B * U, 0.0f);
  forEachTimeBlock(d, false, [&](const TimeBlock& block, int64_t firstStep) {
    // The GRU's input bias (b, the first half of `bias`) joins the projection, as x·W + b.
    projection.project(block, x, kernel, bias);
    for (int64_t step = firstStep; step < firstStep + block.count; ++step) {
      gemm(false, false, B, G, U, h, U, recurrent, G, 0.0f, recurrentPart.data(), G);
      gruStep(d, step, projection.at(block, d.timeAt(step)), recurrentPart.data(), bias == nullptr ? nullptr : bias + G, mask, workspace, h, last, sequence);
    }
  });
  return info.Env().Undefined();
}

// gruSequenceBackward(dSequence, dLast, dH, x, kernel, recurrent, workspace,
//                     dx, dKernel, dRecurrent, dBias, dH0, dims, goBackwards)
// The elementwise part of one GRU backward time step, for every batch row: the gradients of the
// step's input and recurrent pre-activations into dInput and dRecurrentPart ([batch, G] each),
// the carried dh and the output gradient still to add. Cloned (KTS_CLONES) as gruStep is.
KTS_CLONES void gruBackwardStep(const Dims& d, int64_t step, const float* workspace, const float* dSequence, float* dInput,
                                float* dRecurrentPart, float* dh, float* dOutput) {
  const int64_t B = d.batch, T = d.time, U = d.units, G = 3 * U, W = 5 * U + 1;
  const int64_t t = d.timeAt(step);
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict row = workspace + (t * B + b) * W;
    const float keep = row[5 * U];
    const float carry = 1.0f - keep;
    const float* __restrict upstream = dSequence + (b * T + step) * U;
    float* __restrict dxz = dInput + b * G;
    float* __restrict dhz = dRecurrentPart + b * G;
    float* __restrict dhb = dh + b * U;
    float* __restrict dob = dOutput + b * U;
    for (int64_t j = 0; j < U; ++j) {
      const float update = row[j], reset = row[U + j], candidate = row[2 * U + j];
      const float hCandidate = row[3 * U + j], hPrevious = row[4 * U + j];
      const float dOut = dob[j] + upstream[j];
      const float dhNew = dhb[j] * keep + dOut * keep;
      const float dCandidate = (dhNew * (1.0f - update)) * (1.0f - candidate * candidate);
      const float dUpdate = (dhNew * (hPrevious - candidate)) * (update * (1.0f - update));
      const float dReset = (dCandidate * hCandidate) * (reset * (1.0f - reset));
      dxz[j] = dhz[j] = dUpdate;
      dxz[U + j] = dhz[U + j] = dReset;
      dxz[2 * U + j] = dCandidate;
      dhz[2 * U + j] = dCandidate * reset;
      dhb[j] = dhb[j] * carry + dhNew * update;
      dob[j] = dOut * carry;
    }
  }
}

Napi::Value GRUSequenceBackward(const Napi::CallbackInfo& info) {
  const Dims d = dimsOf(info, 12);
  const int64_t B = d.batch, T = d.time, F = d.features, U = d.units, G = 3 * U, W = 5 * U + 1;
  const float* dSequence = floatsOf(info, 0, "dSequence", B * T * U);
  const float* dLast = floatsOf(info, 1, "dLast", B * U);
  const float* dHIn = floatsOf(info, 2, "dH", B * U);
  const float* x = floatsOf(info, 3, "x", B * T * F);
  const float* kernel = floatsOf(info, 4, "kernel", F * G);
  const float* recurrent = floatsOf(info, 5, "recurrent", U * G);
  const float* workspace = floatsOf(info, 6, "workspace", B * T * W);
  float* dx = floatsOf(info, 7, "dx", B * T * F);
  float* dKernel = floatsOf(info, 8, "dKernel", F * G);
  float* dRecurrent = floatsOf(info, 9, "dRecurrent", U * G);
  float* dBias = floatsOf(info, 10, "dBias", 2 * G);
  float* dh = floatsOf(info, 11, "dH0", B * U);
  std::copy(dHIn, dHIn + B * U, dh);
  std::vector<float> dOutput(dLast, dLast + B * U);
  std::vector<float> dInput(blockSize(d, G));
  std::vector<float> dRecurrentPart(blockSize(d, G));
  BlockGradients gradients(d, G, kernel, recurrent, dKernel, dRecurrent, 2);
  forEachTimeBlock(d, true, [&](const TimeBlock& block, int64_t firstStep) {
    for (int64_t step = firstStep + block.count - 1; step >= firstStep; --step) {
      const int64_t row = (d.timeAt(step) - block.low) * B * G;
      gruBackwardStep(d, step, workspace, dSequence, dInput.data() + row, dRecurrentPart.data() + row, dh, dOutput.data());
      gradients.carry(dRecurrentPart.data() + row, dh);
    }
    gradients.add(block, x, dInput.data(), workspace + block.low * B * W + 4 * U, W, dRecurrentPart.data(), dx);
    gradients.sum(0, dInput.data(), block.count * B);
    gradients.sum(1, dRecurrentPart.data(), block.count * B);
  });
  gradients.biasInto(0, dBias);
  gradients.biasInto(1, dBias + G);
  return info.Env().Undefined();
}

}  // namespace

void registerRecurrent(Napi::Env env, Napi::Object exports) {
  exports.Set("lstmSequenceForward", Napi::Function::New(env, LSTMSequenceForward));
  exports.Set("lstmSequenceBackward", Napi::Function::New(env, LSTMSequenceBackward));
  exports.Set("gruSequenceForward", Napi::Function::New(env, GRUSequenceForward));
  exports.Set("gruSequenceBackward", Napi::Function::New(env, GRUSequenceBackward));
}

}  // namespace kts
