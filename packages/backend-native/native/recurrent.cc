// Whole-sequence LSTM and GRU (Keras 3 defaults): the forward pass over every time step and its
// backpropagation through time, each in one call. Every product is made one time step at a time,
// on that step's [batch, ·] block, while the block is in cache: forward x_t·W and h·U (two small
// sgemms) and an elementwise pass over the gates; backward the elementwise pass for the step's
// gate pre-activation gradients dz_t, then dx_t = dz_t·Wᵀ, dW += x_tᵀ·dz_t, dU += h_prevᵀ·dz_t,
// the bias sums and dh += dz_t·Uᵀ. Made whole-sequence instead (one [batch·time, ·] sgemm each,
// as before), the projections and gradients were arrays of megabytes written once and read back
// once, and on a machine that streams a few GB/s per core that traffic, not the arithmetic, set
// the time: seed 003's LSTM (batch 64, 100 steps, 32 units) took ≈ 0.6× the time forward and
// ≈ 0.75× backward this way, with the same outputs bit for bit (the weight gradients' sums run
// in another order). Elementwise work follows the float32 operations of the layers' per-step op
// chain in the same order (see backend-kit's fused/lstm-sequence.ts and fused/gru-sequence.ts,
// the reference).
//
// Layouts, row-major: x [batch, time, features]; kernel [features, G]; recurrent [units, G]
// (G = 4·units for the LSTM, 3·units for the GRU); mask [batch, time]; the output sequence
// [batch, time, units] in processing order; the workspace [time, batch, width], time-major so that
// a step's rows are one contiguous block (this backend's own layout: only its gradient kernel
// reads it) (LSTM width 7·units + 1: i, f, c̃, o, c_prev, tanh(c_new), h_prev, mask; GRU
// 5·units + 1: z, r, h̃, h·U_h + b'_h, h_prev, mask).
#include <cblas.h>

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

// out[k] += Σ_b rows[b·n + k] in double, for k < n: the bias gradients' column sums, one step's
// rows at a time (rounded to float once, at the end, as the Sum kernel's reduction does).
KTS_CLONES void addColumnSums(const float* __restrict rows, int64_t count, int64_t n, double* __restrict out) {
  for (int64_t r = 0; r < count; ++r)
    for (int64_t k = 0; k < n; ++k) out[k] += static_cast<double>(rows[r * n + k]);
}

// The gradients a recurrent layer's backward pass takes from each time step's gate gradients,
// made while that step's [batch, G] blocks are in cache: given dxz_t (gradients of the input
// pre-activations x_t·W + b) and dhz_t (of the recurrent ones h·U + b'; the same block for the
// LSTM), dx_t = dxz_t·Wᵀ, dW += x_tᵀ·dxz_t, dU += h_prevᵀ·dhz_t, dh += dhz_t·Uᵀ, and the bias
// gradients' column sums. Wᵀ and Uᵀ are transposed once per call: OpenBLAS's small-matrix
// kernels ran the products with a transposed right operand slower (same results). The first step
// added overwrites dW and dU.
class StepGradients {
 public:
  StepGradients(const Dims& d, int64_t gates, const float* kernel, const float* recurrent, float* dKernel, float* dRecurrent,
                int64_t biasParts)
      : d_(d),
        gates_(gates),
        kernelT_(static_cast<size_t>(d.features * gates)),
        recurrentT_(static_cast<size_t>(d.units * gates)),
        dKernel_(dKernel),
        dRecurrent_(dRecurrent),
        biasSums_(static_cast<size_t>(biasParts * gates), 0.0) {
    transpose(kernel, d.features, gates, kernelT_.data());
    transpose(recurrent, d.units, gates, recurrentT_.data());
  }

  // Step `step`'s products (see the class comment); previousH is h_prev's [batch, units] rows,
  // `previousHStride` apart.
  void add(int64_t step, const float* x, const float* dInputPart, const float* previousH, int64_t previousHStride,
           const float* dRecurrentPart, float* dx, float* dh) {
    const int64_t B = d_.batch, T = d_.time, F = d_.features, U = d_.units, G = gates_;
    const int64_t t = d_.timeAt(step);
    const float beta = first_ ? 0.0f : 1.0f;
    first_ = false;
    gemm(false, false, B, F, G, dInputPart, G, kernelT_.data(), F, 0.0f, dx + t * F, T * F);
    gemm(true, false, F, G, B, x + t * F, T * F, dInputPart, G, beta, dKernel_, G);
    gemm(true, false, U, G, B, previousH, previousHStride, dRecurrentPart, G, beta, dRecurrent_, G);
    gemm(false, false, B, U, G, dRecurrentPart, G, recurrentT_.data(), U, 1.0f, dh, U);
  }

  // Adds the column sums of one step's [batch, G] rows to bias part `part`.
  void sum(int64_t part, const float* rows) { addColumnSums(rows, d_.batch, gates_, biasSums_.data() + part * gates_); }

  // Bias part `part`'s sums, rounded to float, into out[0 … G).
  void biasInto(int64_t part, float* out) const {
    for (int64_t k = 0; k < gates_; ++k) out[k] = static_cast<float>(biasSums_[static_cast<size_t>(part * gates_ + k)]);
  }

 private:
  static void transpose(const float* in, int64_t rows, int64_t columns, float* out) {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c) out[c * rows + r] = in[r * columns + c];
  }

  const Dims d_;
  const int64_t gates_;
  std::vector<float> kernelT_, recurrentT_;
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
  std::vector<float> projected(static_cast<size_t>(B * G));
  std::vector<float> recurrentPart(static_cast<size_t>(B * G));
  std::copy(h0, h0 + B * U, h);
  std::copy(c0, c0 + B * U, c);
  std::fill(last, last + B * U, 0.0f);
  for (int64_t step = 0; step < T; ++step) {
    // x_t: the step's rows of x, `time·features` apart.
    gemm(false, false, B, G, F, x + d.timeAt(step) * F, T * F, kernel, G, 0.0f, projected.data(), G);
    gemm(false, false, B, G, U, h, U, recurrent, G, 0.0f, recurrentPart.data(), G);
    lstmStep(d, step, projected.data(), recurrentPart.data(), bias, mask, workspace, h, c, last, sequence);
  }
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
  std::vector<float> dZ(static_cast<size_t>(B * G));
  StepGradients gradients(d, G, kernel, recurrent, dKernel, dRecurrent, 1);
  for (int64_t step = T - 1; step >= 0; --step) {
    const int64_t t = d.timeAt(step);
    lstmBackwardStep(d, step, workspace, dSequence, dZ.data(), dh, dc, dOutput.data());
    gradients.add(step, x, dZ.data(), workspace + t * B * W + 6 * U, W, dZ.data(), dx, dh);
    gradients.sum(0, dZ.data());
  }
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
  std::vector<float> projected(static_cast<size_t>(B * G));
  std::vector<float> recurrentPart(static_cast<size_t>(B * G));
  std::copy(h0, h0 + B * U, h);
  std::fill(last, last + B * U, 0.0f);
  for (int64_t step = 0; step < T; ++step) {
    gemm(false, false, B, G, F, x + d.timeAt(step) * F, T * F, kernel, G, 0.0f, projected.data(), G);
    if (bias != nullptr)
      for (int64_t r = 0; r < B; ++r)
        for (int64_t j = 0; j < G; ++j) projected[r * G + j] = projected[r * G + j] + bias[j];
    gemm(false, false, B, G, U, h, U, recurrent, G, 0.0f, recurrentPart.data(), G);
    gruStep(d, step, projected.data(), recurrentPart.data(), bias == nullptr ? nullptr : bias + G, mask, workspace, h, last, sequence);
  }
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
  std::vector<float> dInput(static_cast<size_t>(B * G));
  std::vector<float> dRecurrentPart(static_cast<size_t>(B * G));
  StepGradients gradients(d, G, kernel, recurrent, dKernel, dRecurrent, 2);
  for (int64_t step = T - 1; step >= 0; --step) {
    const int64_t t = d.timeAt(step);
    gruBackwardStep(d, step, workspace, dSequence, dInput.data(), dRecurrentPart.data(), dh, dOutput.data());
    gradients.add(step, x, dInput.data(), workspace + t * B * W + 4 * U, W, dRecurrentPart.data(), dx, dh);
    gradients.sum(0, dInput.data());
    gradients.sum(1, dRecurrentPart.data());
  }
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
