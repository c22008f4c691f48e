import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { fallbackCounts, resetFallbackCounts, totalFallbacks } from '@keras-ts/backend-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from './seeded.test-utils.js';

// Training steps written with tfjs-core ops (the shapes of the seed models) must run every
// kernel natively: no cpu fallback, no leaked tensors or data buckets, and a falling loss.

/** Uniform values in [-scale, scale) from a fixed linear congruential sequence. */

function oneHotLabels(batch: number, classes: number, seed: number): tf.Tensor2D {
  const labels = new Float32Array(batch * classes);
  for (let row = 0; row < batch; row++) labels[row * classes + ((row * 7 + seed) % classes)] = 1;
  return tf.tensor2d(labels, [batch, classes]);
}

function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)));
}

/** RMSprop as Keras defines it (rho 0.9, epsilon 1e-7), written with tfjs-core ops. */
function rmsprop(variables: tf.Variable[], learningRate = 0.001): (grads: tf.NamedTensorMap) => void {
  const accumulators = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  return (grads) => {
    tf.tidy(() => {
      variables.forEach((v, index) => {
        const grad = grads[v.name];
        const accumulator = accumulators[index];
        if (grad === undefined || accumulator === undefined) throw new Error(`no gradient for ${v.name}`);
        const next = tf.add(tf.mul(accumulator, 0.9), tf.mul(tf.square(grad), 0.1));
        accumulator.assign(next);
        v.assign(tf.sub(v, tf.div(tf.mul(grad, learningRate), tf.add(tf.sqrt(next), 1e-7))));
      });
    });
  };
}

interface Model {
  variables: tf.Variable[];
  loss: () => tf.Scalar;
}

/** Runs `steps` training steps; returns the losses and checks leaks after the first step. */
function train(model: Model, steps: number): number[] {
  const update = rmsprop(model.variables);
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const losses: number[] = [];
  let tensors = 0;
  let dataIds = 0;
  for (let step = 0; step < steps; step++) {
    const { value, grads } = tf.variableGrads(model.loss, model.variables);
    update(grads);
    losses.push(value.dataSync()[0] ?? Number.NaN);
    tf.dispose([value, ...Object.values(grads)]);
    if (step === 0) {
      tensors = tf.memory().numTensors;
      dataIds = backend.numDataIds();
    } else {
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.numDataIds()).toBe(dataIds);
    }
  }
  return losses;
}

function expectLearning(losses: number[]): void {
  const first = losses[0] ?? 0;
  const last = losses[losses.length - 1] ?? Number.POSITIVE_INFINITY;
  expect(Number.isFinite(last)).toBe(true);
  expect(last).toBeLessThan(first);
}

describe.skipIf(!nativeStatus.available)(`training steps on 'native' (${nativeStatus.reason || 'addon built'})`, () => {
  const created: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    created.push(t);
    return t;
  };
  beforeAll(async () => {
    await tf.setBackend('native');
    resetFallbackCounts('native');
  });
  afterAll(async () => {
    tf.dispose(created);
    await tf.setBackend('cpu');
  });

  it('trains the seed-004 MLP (784-512-512-10, RMSprop) with no fallback', () => {
    const x = keep(tf.tensor2d(seeded(32 * 784, 1), [32, 784]));
    const y = keep(oneHotLabels(32, 10, 3));
    const w1 = keep(tf.variable(tf.tensor2d(seeded(784 * 512, 2, 0.05), [784, 512]), true, 'mlp_w1'));
    const b1 = keep(tf.variable(tf.zeros([512]), true, 'mlp_b1'));
    const w2 = keep(tf.variable(tf.tensor2d(seeded(512 * 512, 3, 0.05), [512, 512]), true, 'mlp_w2'));
    const b2 = keep(tf.variable(tf.zeros([512]), true, 'mlp_b2'));
    const w3 = keep(tf.variable(tf.tensor2d(seeded(512 * 10, 4, 0.05), [512, 10]), true, 'mlp_w3'));
    const b3 = keep(tf.variable(tf.zeros([10]), true, 'mlp_b3'));
    const loss = () =>
      tf.tidy(() => {
        const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
        const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
        return crossEntropy(tf.add(tf.matMul(h2, w3), b3), y);
      });
    const losses = train({ variables: [w1, b1, w2, b2, w3, b3], loss }, 6);
    expectLearning(losses);
    expect(fallbackCounts('native')).toEqual({});
    expect(totalFallbacks('native')).toBe(0);
  });

  it('trains a Conv2D + MaxPool + Dense model with no fallback', () => {
    const x = keep(tf.tensor4d(seeded(8 * 12 * 12 * 1, 5), [8, 12, 12, 1]));
    const y = keep(oneHotLabels(8, 4, 1));
    const kernel = keep(tf.variable(tf.tensor4d(seeded(3 * 3 * 1 * 6, 6, 0.3), [3, 3, 1, 6]), true, 'conv_kernel'));
    const bias = keep(tf.variable(tf.zeros([6]), true, 'conv_bias'));
    const dense = keep(tf.variable(tf.tensor2d(seeded(5 * 5 * 6 * 4, 7, 0.1), [150, 4]), true, 'conv_dense'));
    const loss = () =>
      tf.tidy(() => {
        const conv = tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'valid'), bias));
        const pooled = tf.maxPool(conv, 2, 2, 'valid');
        return crossEntropy(tf.matMul(tf.reshape(pooled, [8, 150]), dense), y);
      });
    const losses = train({ variables: [kernel, bias, dense], loss }, 5);
    expectLearning(losses);
    expect(fallbackCounts('native')).toEqual({});
  });

  it('trains an LSTM (cell loop with matMul / sigmoid / tanh / split / concat) with no fallback', () => {
    const [batch, steps, features, units] = [4, 5, 3, 8];
    const inputs = keep(tf.tensor3d(seeded(batch * steps * features, 8), [batch, steps, features]));
    const y = keep(oneHotLabels(batch, 2, 0));
    const kernel = keep(tf.variable(tf.tensor2d(seeded((features + units) * 4 * units, 9, 0.3), [features + units, 4 * units]), true, 'lstm_kernel'));
    const bias = keep(tf.variable(tf.zeros([4 * units]), true, 'lstm_bias'));
    const head = keep(tf.variable(tf.tensor2d(seeded(units * 2, 10, 0.3), [units, 2]), true, 'lstm_head'));
    const loss = () =>
      tf.tidy(() => {
        let h: tf.Tensor2D = tf.zeros([batch, units]);
        let c: tf.Tensor2D = tf.zeros([batch, units]);
        for (const xt of tf.unstack(inputs, 1)) {
          const z = tf.add(tf.matMul(tf.concat([xt as tf.Tensor2D, h], 1), kernel), bias);
          const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
          h = tf.mul(tf.sigmoid(o), tf.tanh(c));
        }
        return crossEntropy(tf.matMul(h, head), y);
      });
    const losses = train({ variables: [kernel, bias, head], loss }, 5);
    expectLearning(losses);
    expect(fallbackCounts('native')).toEqual({});
  });
});
