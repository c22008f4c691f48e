import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

const epsilon = 1e-7;

/** The ops optimizer updates, losses and normalisation layers dispatch. */
export const trainingCases: ConformanceCase[] = [
  {
    name: 'optimizer/rmsprop-update',
    inputs: [{ shape: [6, 4] }, { shape: [6, 4] }, { shape: [6, 4], range: [0, 1] }],
    run: (parameter, gradient, meanSquare) => {
      const rho = 0.9;
      const nextMeanSquare = tf.add(tf.mul(meanSquare!, rho), tf.mul(tf.square(gradient!), 1 - rho));
      // Keras 3's RMSprop: epsilon inside the square root (fused/rmsprop-update checks the declared op).
      const step = tf.div(tf.mul(gradient!, 0.001), tf.sqrt(tf.add(nextMeanSquare, epsilon)));
      return [tf.sub(parameter!, step), nextMeanSquare];
    },
  },
  {
    name: 'optimizer/adam-update',
    inputs: [{ shape: [5, 3] }, { shape: [5, 3] }, { shape: [5, 3] }, { shape: [5, 3], range: [0, 1] }],
    run: (parameter, gradient, m, v) => {
      const [beta1, beta2, iteration] = [0.9, 0.999, 3];
      const nextM = tf.add(tf.mul(m!, beta1), tf.mul(gradient!, 1 - beta1));
      const nextV = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(gradient!), 1 - beta2));
      const correction = tf.div(tf.sqrt(tf.sub(1, tf.pow(tf.scalar(beta2), iteration))), tf.sub(1, tf.pow(tf.scalar(beta1), iteration)));
      const step = tf.mul(tf.mul(correction, 0.001), tf.div(nextM, tf.add(tf.sqrt(tf.maximum(nextV, v!)), epsilon)));
      return [tf.sub(parameter!, step), nextM, nextV];
    },
  },
  {
    name: 'optimizer/adagrad-rsqrt',
    inputs: [{ shape: [4, 4] }, { shape: [4, 4], range: [0.1, 2] }],
    run: (gradient, accumulator) => tf.mul(gradient!, tf.rsqrt(tf.add(accumulator!, tf.square(gradient!)))),
  },
  {
    name: 'loss/categorical-crossentropy',
    inputs: [
      { shape: [6, 5], range: [-3, 3] },
      { shape: [6], dtype: 'int32', integers: [0, 5] },
    ],
    run: (logits, labels) => {
      const probabilities = tf.softmax(logits!);
      const clipped = tf.clipByValue(probabilities, epsilon, 1 - epsilon);
      return tf.mean(tf.neg(tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, 5), tf.log(clipped)), -1)));
    },
  },
  {
    name: 'loss/binary-crossentropy-from-logits',
    inputs: [
      { shape: [8, 1], range: [-4, 4] },
      { shape: [8, 1], range: [0, 1], constant: true },
    ],
    run: (logits, labels) => tf.mean(tf.add(tf.sub(tf.relu(logits!), tf.mul(logits!, labels!)), tf.log1p(tf.exp(tf.neg(tf.abs(logits!)))))),
  },
  {
    name: 'loss/mean-squared-error',
    inputs: [{ shape: [7, 3] }, { shape: [7, 3] }],
    run: (prediction, target) => tf.mean(tf.squaredDifference(prediction!, target!), -1),
  },
  {
    name: 'metric/accuracy',
    inputs: [{ shape: [9, 4] }, { shape: [9], dtype: 'int32', integers: [0, 4] }],
    run: (prediction, labels) => tf.mean(tf.cast(tf.equal(tf.argMax(prediction!, -1), labels!), 'float32')),
    gradient: false,
  },
  {
    name: 'batchNorm/training-moments',
    inputs: [{ shape: [6, 2, 2, 3] }, { shape: [3], range: [0.5, 1.5] }, { shape: [3] }],
    run: (x, gamma, beta) => {
      const { mean, variance } = tf.moments(x!, [0, 1, 2]);
      return tf.batchNorm(x!, mean, variance, beta!, gamma!, 1e-3);
    },
  },
  {
    name: 'batchNorm/inference-rank2',
    inputs: [{ shape: [5, 4] }, { shape: [4] }, { shape: [4], range: [0.5, 2] }, { shape: [4] }, { shape: [4] }],
    run: (x, mean, variance, offset, scale) => tf.batchNorm(x!, mean!, variance!, offset!, scale!, 1e-3),
  },
  {
    name: 'dropout/fixed-mask',
    inputs: [{ shape: [4, 6] }, { shape: [4, 6], range: [0, 1], constant: true }],
    run: (x, uniform) => tf.div(tf.mul(x!, tf.cast(tf.greaterEqual(uniform!, 0.3), 'float32')), 0.7),
  },
];
