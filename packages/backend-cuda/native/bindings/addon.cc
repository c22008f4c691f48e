// The addon's entry point. Loading it needs no GPU: cudart is linked statically and looks for
// the driver only on the first CUDA call, and cuBLAS / cuDNN are opened later by loadLibraries.
#include <napi.h>

#include "bindings/registry.h"

namespace keras_ts_cuda {

Napi::Object Initialize(Napi::Env env, Napi::Object exports) {
  RegisterDeviceBindings(env, exports);
  RegisterElementwiseBindings(env, exports);
  RegisterStructureBindings(env, exports);
  RegisterBlasBindings(env, exports);
  RegisterDnnBindings(env, exports);
  RegisterPoolForTesting(env, exports);
  return exports;
}

NODE_API_MODULE(keras_ts_cuda, Initialize)

}  // namespace keras_ts_cuda
