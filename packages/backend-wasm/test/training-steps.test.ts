import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { fallbackCounts, resetFallbackCounts, setFallbackLogger } from '@keras-ts/backend-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import '@keras-ts/backend-wasm';

setFallbackLogger(() => {});

/**
 * One SGD step of `loss(parameters)`, written with tfjs-core ops the way the layers, losses and
 * optimizers dispatch them; returns the loss before the step.
 */
function sgdStep(parameters: tf.Variable[], loss: () => tf.Scalar, learningRate: number): number {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, parameters);
    for (const parameter of parameters) parameter.assign(tf.sub(parameter, tf.mul(grads[parameter.name]!, learningRate)));
    return value.dataSync()[0]!;
  });
}

function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)));
}

function variable(shape: number[], seed: number, scale = 0.1): tf.Variable {
  return tf.variable(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed), scale));
}

/** Trains `steps` steps and checks: the loss falls, nothing falls back to cpu, nothing leaks. */
function expectTrainsNatively(parameters: tf.Variable[], loss: () => tf.Scalar, learningRate: number, steps = 8): void {
  sgdStep(parameters, loss, learningRate); // first step: kernel setup and XNNPACK operator creation
  resetFallbackCounts('wasm');
  const before = tf.memory().numTensors;
  const first = sgdStep(parameters, loss, learningRate);
  let last = first;
  for (let step = 1; step < steps; step++) last = sgdStep(parameters, loss, learningRate);
  expect(last).toBeLessThan(first);
  expect(fallbackCounts('wasm')).toEqual({});
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(parameters);
}

describe("training steps on 'wasm' run with no cpu fallback", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('Dense MLP (fused matMul forward, transposed matMuls backward)', () => {
    const x = tf.randomNormal([32, 20], 0, 1, 'float32', 1);
    const labels = tf.oneHot(tf.randomUniform([32], 0, 4, 'int32', 2) as tf.Tensor1D, 4);
    const [w1, b1, w2, b2] = [variable([20, 16], 3), variable([16], 4), variable([16, 4], 5), variable([4], 6)];
    const loss = () => {
      const hidden = tf.fused.matMul({ a: x, b: w1, bias: b1, activation: 'relu' });
      return crossEntropy(tf.fused.matMul({ a: hidden, b: w2, bias: b2 }), labels);
    };
    expectTrainsNatively([w1, b1, w2, b2], loss, 0.5);
    tf.dispose([x, labels]);
  });

  it('Conv2D + MaxPooling2D + Dense (Conv2DBackpropFilter, MaxPoolGrad)', () => {
    const images = tf.randomNormal([8, 10, 10, 1], 0, 1, 'float32', 7);
    const labels = tf.oneHot(tf.randomUniform([8], 0, 3, 'int32', 8) as tf.Tensor1D, 3);
    const [filter, bias, dense] = [variable([3, 3, 1, 4], 9, 0.3), variable([4], 10), variable([4 * 4 * 4, 3], 11)];
    const loss = () => {
      const features = tf.relu(tf.add(tf.conv2d(images as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid'), bias));
      const pooled = tf.maxPool(features as tf.Tensor4D, 2, 2, 'valid');
      return crossEntropy(tf.matMul(tf.reshape(pooled, [8, 64]), dense), labels);
    };
    expectTrainsNatively([filter, bias, dense], loss, 0.2);
    tf.dispose([images, labels]);
  });

  it('Conv1D + global average pooling', () => {
    const sequences = tf.randomNormal([6, 12, 3], 0, 1, 'float32', 12);
    const targets = tf.randomNormal([6, 2], 0, 1, 'float32', 13);
    const [filter, dense] = [variable([3, 3, 5], 14, 0.3), variable([5, 2], 15, 0.3)];
    const loss = () => {
      const features = tf.relu(tf.conv1d(sequences as tf.Tensor3D, filter as tf.Tensor3D, 2, 'same'));
      return tf.mean(tf.squaredDifference(tf.matMul(tf.mean(features, 1), dense), targets)) as tf.Scalar;
    };
    expectTrainsNatively([filter, dense], loss, 0.1);
    tf.dispose([sequences, targets]);
  });

  it('Embedding + LSTM (Gather, UnsortedSegmentSum, split, sigmoid, tanh)', () => {
    const [batch, steps, vocabulary, width, units] = [4, 5, 20, 6, 8];
    const tokens = tf.randomUniform([batch, steps], 0, vocabulary, 'int32', 16);
    const targets = tf.randomNormal([batch, 1], 0, 1, 'float32', 17);
    const table = variable([vocabulary, width], 18, 0.5);
    const [kernel, recurrent, bias, head] = [
      variable([width, 4 * units], 19, 0.3),
      variable([units, 4 * units], 20, 0.3),
      variable([4 * units], 21),
      variable([units, 1], 22, 0.3),
    ];
    const loss = () => {
      const embedded = tf.gather(table, tokens);
      let h = tf.zeros([batch, units]);
      let c = tf.zeros([batch, units]);
      for (const x of tf.unstack(embedded, 1)) {
        const z = tf.add(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrent)), bias);
        const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      }
      return tf.mean(tf.squaredDifference(tf.matMul(h, head), targets)) as tf.Scalar;
    };
    expectTrainsNatively([table, kernel, recurrent, bias, head], loss, 0.3);
    tf.dispose([tokens, targets]);
  });

  it('counts a rare kernel that runs through the cpu fallback', () => {
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 23);
    const filter = tf.randomNormal([3, 3, 2, 1], 0, 1, 'float32', 24);
    resetFallbackCounts('wasm');
    const gradient = tf.grad((f: tf.Tensor) => tf.sum(tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')))(filter);
    expect(fallbackCounts('wasm')).toEqual({ DepthwiseConv2dNativeBackpropFilter: 1 });
    tf.dispose([x, filter, gradient]);
  });
});
