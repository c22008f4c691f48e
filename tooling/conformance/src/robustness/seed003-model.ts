import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, setRandomSeed } from '@keras-ts/core';
import { Conv1D, Dense, Embedding, GlobalMaxPooling1D, MaxPooling1D } from '@keras-ts/layers';

/** Vocabulary of the scaled-down seed-003 model's posts. */
export const SEED003_VOCABULARY = 50;
/** The shortest post the scaled-down seed-003 model accepts (its windows: 5, pool 5, 5, 5, pool 5). */
export const SEED003_MIN_LENGTH = 69;

/**
 * Seed 003's three-output model (apps/examples/src/multi-output.ts) scaled down to test sizes:
 * posts `Input({ shape: [null], dtype: 'int32' })` → Embedding → Conv1D(5) → MaxPooling1D(5) →
 * Conv1D(5) → Conv1D(5) → MaxPooling1D(5) → GlobalMaxPooling1D → Dense, and three heads: age (mse),
 * income (10 groups, categorical crossentropy) and gender (binary crossentropy), loss weights
 * [0.25, 1, 10]. Every layer is named, so messages are the same on every backend.
 */
export function seed003Model(seed = 3): Model {
  setRandomSeed(seed);
  const posts = Input({ shape: [null], dtype: 'int32', name: 'posts' });
  let x = new Embedding({ inputDim: SEED003_VOCABULARY, outputDim: 8, name: 'embedding' }).apply(posts);
  x = new Conv1D({ filters: 8, kernelSize: 5, activation: 'relu', name: 'conv_1' }).apply(x);
  x = new MaxPooling1D({ poolSize: 5, name: 'pool_1' }).apply(x);
  x = new Conv1D({ filters: 8, kernelSize: 5, activation: 'relu', name: 'conv_2' }).apply(x);
  x = new Conv1D({ filters: 8, kernelSize: 5, activation: 'relu', name: 'conv_3' }).apply(x);
  x = new MaxPooling1D({ poolSize: 5, name: 'pool_2' }).apply(x);
  x = new GlobalMaxPooling1D({ name: 'global_pool' }).apply(x);
  x = new Dense({ units: 16, activation: 'relu', name: 'hidden' }).apply(x);
  const age = new Dense({ units: 1, name: 'age' }).apply(x);
  const income = new Dense({ units: 10, activation: 'softmax', name: 'income' }).apply(x);
  const gender = new Dense({ units: 1, activation: 'sigmoid', name: 'gender' }).apply(x);
  const model = new Model({ inputs: posts, outputs: [age, income, gender], name: 'seed003' });
  model.compile({ optimizer: 'rmsprop', loss: ['mse', 'categorical_crossentropy', 'binary_crossentropy'], lossWeights: [0.25, 1, 10] });
  return model;
}

/** Seeded posts of `length` words and the three targets, for `samples` samples. */
export function seed003Data(samples: number, length: number, seed = 7): { x: tf.Tensor; y: tf.Tensor[] } {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const x = tf.tensor2d(
    Int32Array.from({ length: samples * length }, () => 1 + Math.floor(next() * (SEED003_VOCABULARY - 1))),
    [samples, length],
    'int32',
  );
  const age = tf.tensor2d(
    Float32Array.from({ length: samples }, () => 20 + 40 * next()),
    [samples, 1],
  );
  const incomeIndices = Array.from({ length: samples }, () => Math.floor(next() * 10));
  const income = tf.tensor2d(
    Float32Array.from({ length: samples * 10 }, (_, i) => (incomeIndices[Math.floor(i / 10)] === i % 10 ? 1 : 0)),
    [samples, 10],
  );
  const gender = tf.tensor2d(
    Float32Array.from({ length: samples }, () => (next() < 0.5 ? 0 : 1)),
    [samples, 1],
  );
  return { x, y: [age, income, gender] };
}
