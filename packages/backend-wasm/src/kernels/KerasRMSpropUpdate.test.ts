import * as tf from '@tensorflow/tfjs-core';
import { RMSprop } from '@keras-ts/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { KERAS_RMSPROP_UPDATE } from '@keras-ts/backend-kit';

function values(seed: number, n: number, scale: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 13.7 + i * 0.91) * scale);
}

describe("fused RMSprop on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is used by RMSprop and gives bit-identical weights to the unfused chain', () => {
    const shape = [37, 11];
    const n = 37 * 11;
    const start = values(1, n, 1);
    const gradients = [values(2, n, 0.3), values(3, n, 2), values(4, n, 1e-4)];
    let fusedCalls = 0;
    const run = (fused: boolean): Float32Array => {
      const saved = tf.getKernel(KERAS_RMSPROP_UPDATE, 'wasm')!;
      tf.unregisterKernel(KERAS_RMSPROP_UPDATE, 'wasm');
      if (fused) {
        tf.registerKernel({
          ...saved,
          kernelFunc: (args) => {
            fusedCalls++;
            return saved.kernelFunc(args);
          },
        });
      }
      try {
        const variable = tf.variable(tf.tensor(start, shape));
        const optimizer = new RMSprop({ learningRate: 0.01 });
        for (const g of gradients) {
          tf.tidy(() => optimizer.applyGradients([[tf.tensor(g, shape), variable]]));
        }
        const result = Float32Array.from(variable.dataSync() as Float32Array);
        variable.dispose();
        optimizer.dispose();
        return result;
      } finally {
        if (fused) tf.unregisterKernel(KERAS_RMSPROP_UPDATE, 'wasm');
        tf.registerKernel(saved);
      }
    };
    const fused = run(true);
    expect(fusedCalls).toBe(gradients.length);
    const unfused = run(false);
    expect(Buffer.from(fused.buffer).equals(Buffer.from(unfused.buffer))).toBe(true);
    // And against the formula in double precision (loosely: float32 rounding differs slightly).
    let w = start.slice();
    let v = new Array(n).fill(0);
    for (const g of gradients) {
      v = v.map((vi, i) => 0.9 * vi + 0.1 * g[i]! ** 2);
      w = w.map((wi, i) => wi - (0.01 * g[i]!) / Math.sqrt(v[i]! + 1e-7));
    }
    w.forEach((wi, i) => expect(fused[i]!).toBeCloseTo(wi, 4));
  });

  it('rejects mismatched inputs clearly', () => {
    const a = tf.zeros([2, 2]);
    const b = tf.zeros([3]);
    expect(() =>
      tf.engine().runKernel(KERAS_RMSPROP_UPDATE, { variable: a, velocity: a, gradient: b }, { rho: 0.9, epsilon: 1e-7, learningRate: 0.1 }),
    ).toThrow(/input 'gradient' must be a float32 tensor of shape \[2,2\], got float32 \[3\]. Use the unfused ops for other dtypes./);
    tf.dispose([a, b]);
  });
});
