#include "common.h"

#include <string>

namespace kts {

// Out of line and cloned so every caller (unary kernels, Dense epilogue, recurrent gates) gets
// the AVX-512 / AVX2 loop; results do not depend on which clone runs (activations.h).
KTS_CLONES void sigmoidArray(const float* in, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = sigmoidOf(in[i]);
}

KTS_CLONES void tanhArray(const float* in, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = tanhOf(in[i]);
}

View viewOf(const Napi::Value& value, const char* argumentName) {
  if (!value.IsTypedArray())
    throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be a TypedArray");
  Napi::TypedArray array = value.As<Napi::TypedArray>();
  View view;
  view.length = array.ElementLength();
  switch (array.TypedArrayType()) {
    case napi_float32_array:
      view.type = ElementType::Float32;
      view.data = array.As<Napi::Float32Array>().Data();
      break;
    case napi_int32_array:
      view.type = ElementType::Int32;
      view.data = array.As<Napi::Int32Array>().Data();
      break;
    case napi_uint8_array:
      view.type = ElementType::Bool;
      view.data = array.As<Napi::Uint8Array>().Data();
      break;
    default:
      throw Napi::TypeError::New(value.Env(), std::string(argumentName) +
                                                  " must be a Float32Array, Int32Array or Uint8Array");
  }
  return view;
}

std::vector<int64_t> intsOf(const Napi::Value& value, const char* argumentName) {
  if (!value.IsArray())
    throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be an array of integers");
  Napi::Array array = value.As<Napi::Array>();
  std::vector<int64_t> result(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) result[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return result;
}

int64_t intOf(const Napi::Value& value, const char* argumentName) {
  if (!value.IsNumber())
    throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be a number");
  return value.As<Napi::Number>().Int64Value();
}

double numberOf(const Napi::Value& value, const char* argumentName) {
  // A one-element Float32Array stands for its value: a scalar tensor's data passed as it is, so a
  // recorded call (see src/backend/step-program.ts) reads the value the tensor holds at each run.
  if (value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_float32_array) {
    Napi::Float32Array array = value.As<Napi::Float32Array>();
    if (array.ElementLength() != 1)
      throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be a number or a one-element Float32Array");
    return array[0];
  }
  if (!value.IsNumber())
    throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be a number or a one-element Float32Array");
  return value.As<Napi::Number>().DoubleValue();
}

void coalesce(std::vector<int64_t>& shape, std::vector<std::vector<int64_t>>& strides) {
  std::vector<int64_t> newShape;
  std::vector<std::vector<int64_t>> newStrides(strides.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;  // size-1 dimensions contribute nothing to the walk
    bool mergeable = !newShape.empty();
    for (size_t k = 0; k < strides.size() && mergeable; ++k)
      mergeable = newStrides[k].back() == strides[k][d] * shape[d];
    if (mergeable) {
      newShape.back() *= shape[d];
      for (size_t k = 0; k < strides.size(); ++k) newStrides[k].back() = strides[k][d];
    } else {
      newShape.push_back(shape[d]);
      for (size_t k = 0; k < strides.size(); ++k) newStrides[k].push_back(strides[k][d]);
    }
  }
  if (newShape.empty()) {
    newShape.push_back(1);
    for (auto& s : newStrides) s.push_back(1);
  }
  shape = newShape;
  strides = newStrides;
}

}  // namespace kts
