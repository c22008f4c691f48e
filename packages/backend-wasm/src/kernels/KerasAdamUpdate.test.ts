import * as tf from '@tensorflow/tfjs-core';
import { KERAS_ADAM_UPDATE } from '@keras-ts/backend-kit';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { Adam } from '@keras-ts/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { values, withKernel } from './optimizer-update.test-utils.js';

describe("fused Adam on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is used by Adam and gives bit-identical weights to the unfused chain over 50 steps of changing rate', () => {
    const shape = [37, 11];
    const n = 37 * 11;
    const start = values(1, n, 1);
    const gradients = [values(2, n, 0.3), values(3, n, 2), values(4, n, 1e-4)];
    const run = () => {
      const variable = tf.variable(tf.tensor(start, shape));
      const optimizer = new Adam({ learningRate: 0.01 });
      for (let step = 0; step < 50; step++) {
        optimizer.learningRate = 0.01 / (1 + step);
        tf.tidy(() => optimizer.applyGradients([[tf.tensor(gradients[step % 3]!, shape), variable]]));
      }
      const result = Float32Array.from(variable.dataSync() as Float32Array);
      variable.dispose();
      optimizer.dispose();
      return result;
    };
    const fused = withKernel(KERAS_ADAM_UPDATE, true, run);
    expect(fused.calls).toBe(50);
    const unfused = withKernel(KERAS_ADAM_UPDATE, false, run);
    expect(Buffer.from(fused.result.buffer).equals(Buffer.from(unfused.result.buffer))).toBe(true);
    // And against Keras's formula in double precision (loosely: float32 rounding differs slightly).
    let [w, m, v] = [start.slice(), new Array<number>(n).fill(0), new Array<number>(n).fill(0)];
    for (let step = 0; step < 50; step++) {
      const g = gradients[step % 3]!;
      const t = step + 1;
      const alpha = ((0.01 / (1 + step)) * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      m = m.map((mi, i) => mi + (g[i]! - mi) * 0.1);
      v = v.map((vi, i) => vi + (g[i]! ** 2 - vi) * 0.001);
      w = w.map((wi, i) => wi - (m[i]! * alpha) / (Math.sqrt(v[i]!) + 1e-7));
    }
    w.forEach((wi, i) => expect(fused.result[i]!).toBeCloseTo(wi, 4));
  });

  it('keeps compiled training steps equal to the unfused eager ones', async () => {
    const train = async (jitCompile: boolean) => {
      const model = new Sequential([new Dense({ units: 5, activation: 'relu', inputShape: [7] }), new Dense({ units: 3, activation: 'softmax' })]);
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', jitCompile });
      model.setWeights(model.getWeights().map((weight, i) => tf.tensor(values(10 + i, weight.size, 0.4), weight.shape)));
      const x = tf.tensor2d(values(20, 16 * 7, 1), [16, 7]);
      const y = tf.tensor1d(
        Array.from({ length: 16 }, (_, i) => i % 3),
        'int32',
      );
      for (let step = 0; step < 50; step++) {
        model.optimizer!.learningRate = 0.01 / (1 + (step % 7));
        await model.trainOnBatch(x, y);
      }
      const replayed = model.compiledStepPlans()[0]?.stats.replayedByName[KERAS_ADAM_UPDATE] ?? 0;
      const weights = model.getWeights().map((weight) => weight.dataSync().slice() as Float32Array);
      tf.dispose([x, y]);
      model.dispose();
      return { weights, replayed };
    };
    const saved = tf.getKernel(KERAS_ADAM_UPDATE, 'wasm')!;
    tf.unregisterKernel(KERAS_ADAM_UPDATE, 'wasm');
    const unfused = await train(false).finally(() => tf.registerKernel(saved));
    const compiled = await train(true);
    expect(compiled.replayed).toBe(4);
    compiled.weights.forEach((weight, w) => weight.forEach((value, i) => expect(Math.abs(value - unfused.weights[w]![i]!)).toBeLessThanOrEqual(1e-6)));
  });

  it('rejects mismatched inputs clearly', () => {
    const a = tf.zeros([2, 2]);
    const b = tf.zeros([3]);
    const alpha = tf.scalar(0.1);
    const attributes = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    expect(() => tf.engine().runKernel(KERAS_ADAM_UPDATE, { variable: a, momentum: a, velocity: a, gradient: b, alpha }, attributes)).toThrow(
      /input 'gradient' must be a float32 tensor of shape \[2,2\], got float32 \[3\]/,
    );
    expect(() => tf.engine().runKernel(KERAS_ADAM_UPDATE, { variable: a, momentum: a, velocity: a, gradient: a, alpha: a }, attributes)).toThrow(
      /input 'alpha' must be a float32 tensor of shape \[\], got float32 \[2,2\]/,
    );
    tf.dispose([a, b, alpha]);
  });
});
