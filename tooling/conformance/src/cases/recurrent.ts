import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

const batch = 3;
const features = 4;
const units = 5;

/** One LSTM step as Keras computes it (gates i, f, c, o from one fused kernel). */
function lstmStep(x: tf.Tensor, h: tf.Tensor, c: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor): tf.Tensor[] {
  const z = tf.add(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrent)), bias);
  const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const cell = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return [tf.mul(tf.sigmoid(o), tf.tanh(cell)), cell];
}

/** One GRU step (Keras 3 default, resetAfter = true). */
function gruStep(x: tf.Tensor, h: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor, recurrentBias: tf.Tensor): tf.Tensor {
  const [xz, xr, xh] = tf.split(tf.add(tf.matMul(x, kernel), bias), 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h, recurrent), recurrentBias), 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const candidate = tf.tanh(tf.add(xh, tf.mul(r, hh)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
}

/** The ops in LSTM and GRU cells, one and two steps. */
export const recurrentCases: ConformanceCase[] = [
  {
    name: 'lstm/two-steps',
    inputs: [
      { shape: [batch, 2, features] },
      { shape: [features, 4 * units], range: [-0.5, 0.5] },
      { shape: [units, 4 * units], range: [-0.5, 0.5] },
      { shape: [4 * units], range: [-0.5, 0.5] },
    ],
    run: (sequence, kernel, recurrent, bias) => {
      let h = tf.zeros([batch, units]);
      let c = tf.zeros([batch, units]);
      for (const x of tf.unstack(sequence!, 1)) [h, c] = lstmStep(x, h, c, kernel!, recurrent!, bias!) as [tf.Tensor, tf.Tensor];
      return [h, c];
    },
  },
  {
    name: 'gru/two-steps',
    inputs: [
      { shape: [batch, 2, features] },
      { shape: [features, 3 * units], range: [-0.5, 0.5] },
      { shape: [units, 3 * units], range: [-0.5, 0.5] },
      { shape: [3 * units], range: [-0.5, 0.5] },
      { shape: [3 * units], range: [-0.5, 0.5] },
    ],
    run: (sequence, kernel, recurrent, bias, recurrentBias) => {
      let h = tf.zeros([batch, units]);
      for (const x of tf.unstack(sequence!, 1)) h = gruStep(x, h, kernel!, recurrent!, bias!, recurrentBias!);
      return h;
    },
  },
];
