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

// Each argument is read with as few N-API calls as it takes (one for a typed array, one per
// element of a shape): a small model's step makes dozens of addon calls, and reading their
// arguments through the wrapper classes' several calls each cost more than their arithmetic.
View viewOf(const Napi::Value& value, const char* argumentName) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(value.Env(), value, &type, &length, &data, nullptr, nullptr) != napi_ok)
    throw Napi::TypeError::New(value.Env(), std::string(argumentName) + " must be a TypedArray");
  View view;
  view.length = length;
  view.data = data;
  switch (type) {
    case napi_float32_array: view.type = ElementType::Float32; break;
    case napi_int32_array: view.type = ElementType::Int32; break;
    case napi_uint8_array: view.type = ElementType::Bool; break;
    default:
      throw Napi::TypeError::New(value.Env(), std::string(argumentName) +
                                                  " must be a Float32Array, Int32Array or Uint8Array");
  }
  return view;
}

std::vector<int64_t> intsOf(const Napi::Value& value, const char* argumentName) {
  const napi_env env = value.Env();
  uint32_t length = 0;
  if (napi_get_array_length(env, value, &length) != napi_ok)
    throw Napi::TypeError::New(env, std::string(argumentName) + " must be an array of integers");
  std::vector<int64_t> result(length);
  for (uint32_t i = 0; i < length; ++i) {
    napi_value element;
    if (napi_get_element(env, value, i, &element) != napi_ok || napi_get_value_int64(env, element, &result[i]) != napi_ok)
      throw Napi::TypeError::New(env, std::string(argumentName) + " must be an array of integers");
  }
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
