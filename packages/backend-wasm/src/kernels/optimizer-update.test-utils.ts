import * as tf from '@tensorflow/tfjs-core';

/** Deterministic values in [−scale, scale]. */
export function values(seed: number, n: number, scale: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 13.7 + i * 0.91) * scale);
}

/**
 * Runs `body` with the wasm kernel `kernelName` counted (`fused`) or unregistered, so the
 * declared op runs its reference; restores the registration after.
 */
export function withKernel<T>(kernelName: string, fused: boolean, body: () => T): { result: T; calls: number } {
  const saved = tf.getKernel(kernelName, 'wasm')!;
  let calls = 0;
  tf.unregisterKernel(kernelName, 'wasm');
  if (fused) {
    tf.registerKernel({
      ...saved,
      kernelFunc: (args) => {
        calls++;
        return saved.kernelFunc(args);
      },
    });
  }
  try {
    return { result: body(), calls };
  } finally {
    if (fused) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(saved);
  }
}
