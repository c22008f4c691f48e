// Entry point of the keras-ts native addon: collects every kernel family's functions.
#include "common.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  kts::registerGemm(env, exports);
  kts::registerElementwise(env, exports);
  kts::registerCopy(env, exports);
  kts::registerReduce(env, exports);
  kts::registerConv(env, exports);
  kts::registerPool(env, exports);
  kts::registerGather(env, exports);
  kts::registerOptimizer(env, exports);
  kts::registerDense(env, exports);
  kts::registerRecurrent(env, exports);
  kts::registerRandom(env, exports);
  kts::registerCrossentropy(env, exports);
  kts::registerParallel(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(keras_ts_native, Init)
