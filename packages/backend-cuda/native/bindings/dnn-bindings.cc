// cuDNN convolutions and pooling (the legacy descriptor API, still shipped by cuDNN 9).
// Workspaces come from the caching allocator and return to it right after the call is
// enqueued: every kernel runs on the one default stream, so a later user of the block waits.
#include <memory>
#include <string>

#include "bindings/arguments.h"
#include "bindings/registry.h"
#include "runtime/device.h"
#include "runtime/libraries.h"

namespace keras_ts_cuda {
namespace {

void Check(cudnnStatus_t status, const char* what) {
  if (status != CUDNN_STATUS_SUCCESS) throw std::runtime_error(std::string("cuda: ") + what + " failed: " + GetCudnn().cudnnGetErrorString(status));
}

int Field(const Napi::Object& object, const char* name) {
  const Napi::Value value = object.Get(name);
  if (!value.IsNumber()) throw std::invalid_argument(std::string("cuda: convolution parameter '") + name + "' is missing");
  return value.As<Napi::Number>().Int32Value();
}

struct Descriptors {
  cudnnTensorDescriptor_t input = nullptr;
  cudnnTensorDescriptor_t output = nullptr;
  cudnnFilterDescriptor_t filter = nullptr;
  cudnnConvolutionDescriptor_t convolution = nullptr;
  cudnnPoolingDescriptor_t pooling = nullptr;
  ~Descriptors() {
    Cudnn& dnn = GetCudnn();
    if (input) dnn.cudnnDestroyTensorDescriptor(input);
    if (output) dnn.cudnnDestroyTensorDescriptor(output);
    if (filter) dnn.cudnnDestroyFilterDescriptor(filter);
    if (convolution) dnn.cudnnDestroyConvolutionDescriptor(convolution);
    if (pooling) dnn.cudnnDestroyPoolingDescriptor(pooling);
  }
};

struct Workspace {
  void* pointer = nullptr;
  explicit Workspace(std::size_t bytes) {
    if (bytes > 0) pointer = Allocator().Allocate(bytes);
  }
  ~Workspace() {
    if (pointer) Allocator().Free(pointer);
  }
};

void TensorDescriptors(Descriptors& d, const Napi::Object& p, bool withFilter) {
  Cudnn& dnn = GetCudnn();
  const cudnnTensorFormat_t format = Field(p, "channelsLast") ? CUDNN_TENSOR_NHWC : CUDNN_TENSOR_NCHW;
  Check(dnn.cudnnCreateTensorDescriptor(&d.input), "cudnnCreateTensorDescriptor");
  Check(dnn.cudnnSetTensor4dDescriptor(d.input, format, CUDNN_DATA_FLOAT, Field(p, "batch"), Field(p, "inChannels"), Field(p, "inHeight"), Field(p, "inWidth")),
        "cudnnSetTensor4dDescriptor (input)");
  Check(dnn.cudnnCreateTensorDescriptor(&d.output), "cudnnCreateTensorDescriptor");
  Check(dnn.cudnnSetTensor4dDescriptor(d.output, format, CUDNN_DATA_FLOAT, Field(p, "batch"), Field(p, "outChannels"), Field(p, "outHeight"), Field(p, "outWidth")),
        "cudnnSetTensor4dDescriptor (output)");
  if (!withFilter) return;
  const int groups = Field(p, "groups");
  Check(dnn.cudnnCreateFilterDescriptor(&d.filter), "cudnnCreateFilterDescriptor");
  Check(dnn.cudnnSetFilter4dDescriptor(d.filter, CUDNN_DATA_FLOAT, format, Field(p, "outChannels"), Field(p, "inChannels") / groups, Field(p, "filterHeight"),
                                       Field(p, "filterWidth")),
        "cudnnSetFilter4dDescriptor");
  Check(dnn.cudnnCreateConvolutionDescriptor(&d.convolution), "cudnnCreateConvolutionDescriptor");
  Check(dnn.cudnnSetConvolution2dDescriptor(d.convolution, Field(p, "padTop"), Field(p, "padLeft"), Field(p, "strideHeight"), Field(p, "strideWidth"),
                                            Field(p, "dilationHeight"), Field(p, "dilationWidth"), CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
        "cudnnSetConvolution2dDescriptor");
  if (groups > 1) Check(dnn.cudnnSetConvolutionGroupCount(d.convolution, groups), "cudnnSetConvolutionGroupCount");
  // CUDNN_DEFAULT_MATH allows TF32 on Ampere and newer; FMA keeps full float32 (libraries.h).
  Check(dnn.cudnnSetConvolutionMathType(d.convolution, dnn.tensorFloat32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH), "cudnnSetConvolutionMathType");
}

// Whether an algorithm the heuristics offer may run: with TF32 off, none that uses tensor cores.
bool Usable(cudnnStatus_t status, cudnnMathType_t mathType) {
  if (status != CUDNN_STATUS_SUCCESS) return false;
  return GetCudnn().tensorFloat32 || (mathType != CUDNN_TENSOR_OP_MATH && mathType != CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION);
}

constexpr int kAlgorithmCandidates = 8;

// convolution(mode, first, second, result, parameters):
//   mode 0 forward:         first = x,  second = filter, result = y
//   mode 1 backward data:   first = dy, second = filter, result = dx
//   mode 2 backward filter: first = x,  second = dy,     result = dfilter
Napi::Value Convolution(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Cudnn& dnn = GetCudnn();
    const int mode = static_cast<int>(IntegerArgument(info, 0));
    const void* first = PointerArgument(info, 1);
    const void* second = PointerArgument(info, 2);
    void* result = PointerArgument(info, 3);
    Descriptors d;
    TensorDescriptors(d, info[4].As<Napi::Object>(), true);
    const float one = 1.0f;
    const float zero = 0.0f;
    int found = 0;
    if (mode == 0) {
      cudnnConvolutionFwdAlgoPerf_t candidates[kAlgorithmCandidates];
      Check(dnn.cudnnGetConvolutionForwardAlgorithm_v7(dnn.handle, d.input, d.filter, d.convolution, d.output, kAlgorithmCandidates, &found, candidates),
            "cudnnGetConvolutionForwardAlgorithm_v7");
      cudnnStatus_t last = CUDNN_STATUS_NOT_SUPPORTED;
      for (int i = 0; i < found; ++i) {
        if (!Usable(candidates[i].status, candidates[i].mathType)) continue;
        std::size_t bytes = 0;
        if (dnn.cudnnGetConvolutionForwardWorkspaceSize(dnn.handle, d.input, d.filter, d.convolution, d.output, candidates[i].algo, &bytes) != CUDNN_STATUS_SUCCESS) continue;
        Workspace workspace(bytes);
        last = dnn.cudnnConvolutionForward(dnn.handle, &one, d.input, first, d.filter, second, d.convolution, candidates[i].algo, workspace.pointer, bytes, &zero,
                                           d.output, result);
        if (last == CUDNN_STATUS_SUCCESS) break;
      }
      Check(last, "cudnnConvolutionForward");
    } else if (mode == 1) {
      cudnnConvolutionBwdDataAlgoPerf_t candidates[kAlgorithmCandidates];
      Check(dnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(dnn.handle, d.filter, d.output, d.convolution, d.input, kAlgorithmCandidates, &found, candidates),
            "cudnnGetConvolutionBackwardDataAlgorithm_v7");
      cudnnStatus_t last = CUDNN_STATUS_NOT_SUPPORTED;
      for (int i = 0; i < found; ++i) {
        if (!Usable(candidates[i].status, candidates[i].mathType)) continue;
        std::size_t bytes = 0;
        if (dnn.cudnnGetConvolutionBackwardDataWorkspaceSize(dnn.handle, d.filter, d.output, d.convolution, d.input, candidates[i].algo, &bytes) != CUDNN_STATUS_SUCCESS)
          continue;
        Workspace workspace(bytes);
        last = dnn.cudnnConvolutionBackwardData(dnn.handle, &one, d.filter, second, d.output, first, d.convolution, candidates[i].algo, workspace.pointer, bytes, &zero,
                                                d.input, result);
        if (last == CUDNN_STATUS_SUCCESS) break;
      }
      Check(last, "cudnnConvolutionBackwardData");
    } else {
      cudnnConvolutionBwdFilterAlgoPerf_t candidates[kAlgorithmCandidates];
      Check(dnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(dnn.handle, d.input, d.output, d.convolution, d.filter, kAlgorithmCandidates, &found, candidates),
            "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
      cudnnStatus_t last = CUDNN_STATUS_NOT_SUPPORTED;
      for (int i = 0; i < found; ++i) {
        if (!Usable(candidates[i].status, candidates[i].mathType)) continue;
        std::size_t bytes = 0;
        if (dnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(dnn.handle, d.input, d.output, d.convolution, d.filter, candidates[i].algo, &bytes) != CUDNN_STATUS_SUCCESS)
          continue;
        Workspace workspace(bytes);
        last = dnn.cudnnConvolutionBackwardFilter(dnn.handle, &one, d.input, first, d.output, second, d.convolution, candidates[i].algo, workspace.pointer, bytes, &zero,
                                                  d.filter, result);
        if (last == CUDNN_STATUS_SUCCESS) break;
      }
      Check(last, "cudnnConvolutionBackwardFilter");
    }
    return info.Env().Undefined();
  });
}

void PoolingDescriptor(Descriptors& d, const Napi::Object& p) {
  Cudnn& dnn = GetCudnn();
  TensorDescriptors(d, p, false);
  Check(dnn.cudnnCreatePoolingDescriptor(&d.pooling), "cudnnCreatePoolingDescriptor");
  // average: 0 max pooling; 1 averages over the window's real elements; 2 divides by the whole
  // window, padding included (tfjs's AvgPoolGrad convention, see src/kernels/pooling.ts).
  const int average = Field(p, "average");
  const cudnnPoolingMode_t mode =
      average == 2 ? CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING : average == 1 ? CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING : CUDNN_POOLING_MAX;
  Check(dnn.cudnnSetPooling2dDescriptor(d.pooling, mode, CUDNN_PROPAGATE_NAN, Field(p, "filterHeight"), Field(p, "filterWidth"), Field(p, "padTop"), Field(p, "padLeft"),
                                        Field(p, "strideHeight"), Field(p, "strideWidth")),
        "cudnnSetPooling2dDescriptor");
}

// pool(x, y, parameters)
Napi::Value Pool(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Cudnn& dnn = GetCudnn();
    Descriptors d;
    PoolingDescriptor(d, info[2].As<Napi::Object>());
    const float one = 1.0f;
    const float zero = 0.0f;
    Check(dnn.cudnnPoolingForward(dnn.handle, d.pooling, &one, d.input, PointerArgument(info, 0), &zero, d.output, PointerArgument(info, 1)), "cudnnPoolingForward");
    return info.Env().Undefined();
  });
}

// poolBackward(y, dy, x, dx, parameters)
Napi::Value PoolBackward(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    Cudnn& dnn = GetCudnn();
    Descriptors d;
    PoolingDescriptor(d, info[4].As<Napi::Object>());
    const float one = 1.0f;
    const float zero = 0.0f;
    Check(dnn.cudnnPoolingBackward(dnn.handle, d.pooling, &one, d.output, PointerArgument(info, 0), d.output, PointerArgument(info, 1), d.input, PointerArgument(info, 2),
                                   &zero, d.input, PointerArgument(info, 3)),
          "cudnnPoolingBackward");
    return info.Env().Undefined();
  });
}

}  // namespace

void RegisterDnnBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("convolution", Napi::Function::New(env, Convolution));
  exports.Set("pool", Napi::Function::New(env, Pool));
  exports.Set("poolBackward", Napi::Function::New(env, PoolBackward));
}

}  // namespace keras_ts_cuda
