import * as tf from '@tensorflow/tfjs-core';

/** The 'wasm' kernel configs registered under `names` (each must be registered). */
function configsOf(names: readonly string[]): tf.KernelConfig[] {
  return names.map((name) => {
    const config = tf.getKernel(name, 'wasm');
    if (config === undefined) throw new Error(`no 'wasm' kernel '${name}' is registered`);
    return config;
  });
}

/** Runs `body` with the 'wasm' kernels `names` unregistered (callers then run their references), registering them again after. */
export async function withoutKernels<T>(names: readonly string[], body: () => Promise<T>): Promise<T> {
  const configs = configsOf(names);
  for (const config of configs) tf.unregisterKernel(config.kernelName, 'wasm');
  try {
    return await body();
  } finally {
    for (const config of configs) tf.registerKernel(config);
  }
}

/** Runs `body` with each 'wasm' kernel of `names` counting its calls; returns its result and the counts (names never called are absent). */
export async function countingCalls<T>(names: readonly string[], body: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const configs = configsOf(names);
  const calls: Record<string, number> = {};
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        calls[config.kernelName] = (calls[config.kernelName] ?? 0) + 1;
        return config.kernelFunc(args);
      },
    });
  }
  try {
    return { result: await body(), calls };
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, 'wasm');
      tf.registerKernel(config);
    }
  }
}
