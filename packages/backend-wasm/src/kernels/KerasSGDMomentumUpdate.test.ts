import * as tf from '@tensorflow/tfjs-core';
import { KERAS_SGD_MOMENTUM_UPDATE } from '@keras-ts/backend-kit';
import { SGD } from '@keras-ts/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { values, withKernel } from './optimizer-update.test-utils.js';

describe("fused SGD momentum on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([false, true])('is used by SGD (nesterov %s) and gives bit-identical weights to the unfused chain', (nesterov) => {
    const shape = [37, 11];
    const n = 37 * 11;
    const start = values(1, n, 1);
    const gradients = [values(2, n, 0.3), values(3, n, 2), values(4, n, 1e-4)];
    const run = () => {
      const variable = tf.variable(tf.tensor(start, shape));
      const optimizer = new SGD({ learningRate: 0.01, momentum: 0.9, nesterov });
      for (let step = 0; step < 50; step++) {
        optimizer.learningRate = 0.01 / (1 + step);
        tf.tidy(() => optimizer.applyGradients([[tf.tensor(gradients[step % 3]!, shape), variable]]));
      }
      const result = Float32Array.from(variable.dataSync() as Float32Array);
      variable.dispose();
      optimizer.dispose();
      return result;
    };
    const fused = withKernel(KERAS_SGD_MOMENTUM_UPDATE, true, run);
    expect(fused.calls).toBe(50);
    const unfused = withKernel(KERAS_SGD_MOMENTUM_UPDATE, false, run);
    expect(Buffer.from(fused.result.buffer).equals(Buffer.from(unfused.result.buffer))).toBe(true);
    // And against Keras's formula in double precision (loosely: float32 rounding differs slightly).
    let [w, v] = [start.slice(), new Array<number>(n).fill(0)];
    for (let step = 0; step < 50; step++) {
      const g = gradients[step % 3]!;
      const lr = 0.01 / (1 + step);
      v = v.map((vi, i) => 0.9 * vi - lr * g[i]!);
      w = w.map((wi, i) => wi + (nesterov ? 0.9 * v[i]! - lr * g[i]! : v[i]!));
    }
    w.forEach((wi, i) => expect(fused.result[i]!).toBeCloseTo(wi, 4));
  });

  it('rejects a learning rate that is not a scalar', () => {
    const a = tf.zeros([2, 2]);
    expect(() =>
      tf.engine().runKernel(KERAS_SGD_MOMENTUM_UPDATE, { variable: a, velocity: a, gradient: a, learningRate: a }, { momentum: 0.9, nesterov: false }),
    ).toThrow(/input 'learningRate' must be a float32 tensor of shape \[\], got float32 \[2,2\]/);
    a.dispose();
  });
});
