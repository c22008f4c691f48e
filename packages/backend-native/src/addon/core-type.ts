/**
 * Runs `load` (which loads the addon, and with it the system's libopenblas.so.0, which picks
 * its kernel set once, when it initialises — unless another module of the process loaded it
 * first) with OPENBLAS_CORETYPE set to
 * KERAS_TS_OPENBLAS_CORETYPE when that is set, then restores OPENBLAS_CORETYPE so the rest of
 * the process and its children see the environment they were given.
 *
 * Without KERAS_TS_OPENBLAS_CORETYPE the addon's OpenBLAS behaves as any OpenBLAS does: it
 * honours OPENBLAS_CORETYPE, else detects the CPU. The separate variable exists because
 * OPENBLAS_CORETYPE is often exported machine-wide for other programs' OpenBLAS (numpy,
 * PyTorch) — the development sandbox exports `Haswell`, which leaves AVX-512 unused.
 */
export function withOpenBlasCoreType<T>(load: () => T, environment: NodeJS.ProcessEnv = process.env): T {
  const own = environment.KERAS_TS_OPENBLAS_CORETYPE;
  if (own === undefined || own === '') return load();
  const previous = environment.OPENBLAS_CORETYPE;
  environment.OPENBLAS_CORETYPE = own;
  try {
    return load();
  } finally {
    if (previous === undefined) delete environment.OPENBLAS_CORETYPE;
    else environment.OPENBLAS_CORETYPE = previous;
  }
}
