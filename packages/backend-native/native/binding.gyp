{
  "variables": {
    "openblas_lib%": "/usr/lib/x86_64-linux-gnu/libopenblas.so",
    "openblas_include%": "/usr/include/x86_64-linux-gnu/openblas-pthread",
    "kts_march%": "x86-64-v2"
  },
  "targets": [
    {
      "target_name": "keras_ts_native",
      "sources": [
        "addon.cc",
        "common.cc",
        "conv.cc",
        "copy.cc",
        "crossentropy.cc",
        "dense.cc",
        "elementwise.cc",
        "gather.cc",
        "gemm.cc",
        "optimizer.cc",
        "parallel.cc",
        "pool.cc",
        "random.cc",
        "recurrent.cc",
        "reduce.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<(openblas_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++20"],
      "cflags": ["-O3", "-march=<(kts_march)", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fvisibility=hidden"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-march=<(kts_march)", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fvisibility=hidden", "-fvisibility-inlines-hidden"],
      "libraries": ["<(openblas_lib)", "-lpthread", "-lm"],
      "ldflags": ["-Wl,--exclude-libs,ALL", "-Wl,--gc-sections", "-static-libgcc", "-s"]
    }
  ]
}
