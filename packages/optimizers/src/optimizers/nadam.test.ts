import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Nadam } from './nadam.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

function referenceNadam(lr: number, beta1: number, beta2: number, epsilon: number, steps = gradientSteps) {
  const w = [...initialWeights];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  let product = 1;
  return steps.map((g, index) => {
    const t = index + 1;
    const uT = beta1 * (1 - 0.5 * 0.96 ** t);
    const uNext = beta1 * (1 - 0.5 * 0.96 ** (t + 1));
    product *= uT;
    for (let i = 0; i < w.length; i++) {
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - beta1);
      v[i] = v[i]! + (g[i]! ** 2 - v[i]!) * (1 - beta2);
      const mHat = (uNext * m[i]!) / (1 - product * uNext) + ((1 - uT) * g[i]!) / (1 - product);
      const vHat = v[i]! / (1 - beta2 ** t);
      w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
    return [...w];
  });
}

describe('Nadam', () => {
  it('has Keras defaults', () => {
    expect(new Nadam().getConfig()).toMatchObject({
      name: 'nadam',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
  });

  it('matches the Keras 3 update for three steps', () => {
    expectClose(runSteps(new Nadam({ learningRate: 0.1 })), referenceNadam(0.1, 0.9, 0.999, 1e-7));
    expectClose(runSteps(new Nadam({ learningRate: 0.05, beta1: 0.6, beta2: 0.8, epsilon: 0.01 })), referenceNadam(0.05, 0.6, 0.8, 0.01));
  });

  it('recomputes the momentum product after iterations is restored to an earlier step', () => {
    const optimizer = new Nadam({ learningRate: 0.1 });
    const variable = tf.variable(tf.tensor1d(initialWeights));
    const gradient = tf.tensor1d(gradientSteps[0]!);
    optimizer.applyGradients([[gradient, variable]]);
    const saved = optimizer.getWeights();
    const after1 = Array.from(variable.dataSync());
    const second = tf.tensor1d(gradientSteps[1]!);
    optimizer.applyGradients([[second, variable]]);
    const reference = Array.from(variable.dataSync());
    optimizer.setWeights(saved);
    variable.assign(tf.tensor1d(after1));
    optimizer.applyGradients([[second, variable]]);
    expectClose([Array.from(variable.dataSync())], [reference]);
    tf.dispose([variable, gradient, second, ...saved]);
    optimizer.dispose();
  });
});
