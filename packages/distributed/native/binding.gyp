{
  "targets": [
    {
      "target_name": "keras_ts_distributed",
      "sources": ["addon.cc", "mpi-api.cc", "nccl-api.cc", "worker.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++20"],
      "cflags": ["-O2", "-fvisibility=hidden"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O2", "-fvisibility=hidden", "-fvisibility-inlines-hidden"],
      "libraries": ["-ldl", "-lpthread"],
      "ldflags": ["-static-libgcc", "-s"]
    }
  ]
}
