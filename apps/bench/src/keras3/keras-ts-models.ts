// The keras-ts side of each workload in workloads.ts, written with the public API a user writes
// (Sequential / functional Model, compile, fit) so that whatever compile and fit do — compiled
// steps (compile's `jitCompile`) or eager ones — is what the bench times.
// keras3_worker.py builds the same models; change both together.
import * as tf from '@tensorflow/tfjs-core';
import { type CompileOptions, Input, Model, Sequential, type TensorData } from '@keras-ts/core';
import { Conv2D, concatenate, Dense, Dropout, Embedding, Flatten, LSTM, MaxPooling2D } from '@keras-ts/layers';
import { Adam, RMSprop, SGD } from '@keras-ts/optimizers';
import type { Workload } from './workloads.js';

/** A compiled model and synthetic data for `samples` samples. */
export interface Prepared {
  model: Model;
  x: TensorData;
  y: tf.Tensor;
}

// Labels and inputs are drawn from tfjs-core's seeded generators: fixed data for a fixed --seed.
const uniform = (shape: number[], seed: number, min = 0, max = 1) => tf.randomUniform(shape, min, max, 'float32', seed);
const integers = (shape: number[], seed: number, max: number, min = 0) => tf.randomUniform(shape, min, max, 'int32', seed);
const oneHot = (samples: number, classes: number, seed: number) =>
  tf.tidy(() => tf.cast(tf.oneHot(integers([samples], seed, classes) as tf.Tensor1D, classes), 'float32'));

function build(workload: Workload, samples: number, seed: number): Prepared & { compile: CompileOptions } {
  switch (workload.model) {
    case 'mlp-dropout':
      return {
        model: new Sequential([
          new Dense({ units: 512, activation: 'relu', inputShape: [784] }),
          new Dropout({ rate: 0.2 }),
          new Dense({ units: 512, activation: 'relu' }),
          new Dropout({ rate: 0.2 }),
          new Dense({ units: 10, activation: 'softmax' }),
        ]),
        compile: { optimizer: new RMSprop(), loss: 'categorical_crossentropy', metrics: ['accuracy'] },
        x: uniform([samples, 784], seed),
        y: oneHot(samples, 10, seed + 1),
      };
    case 'mlp-tanh':
      // Seed 002 also passes decay 1e-7, which Keras 3's SGD ignores with a warning: left out on both sides.
      return {
        model: new Sequential([
          new Dense({ units: 50, activation: 'tanh', inputShape: [784] }),
          new Dense({ units: 50, activation: 'tanh' }),
          new Dense({ units: 10, activation: 'softmax' }),
        ]),
        compile: { optimizer: new SGD({ learningRate: 0.001, momentum: 0.9 }), loss: 'categorical_crossentropy' },
        x: uniform([samples, 784], seed, -1, 1),
        y: oneHot(samples, 10, seed + 1),
      };
    case 'fashion':
      return {
        model: new Sequential([
          new Flatten({ inputShape: [28, 28] }),
          new Dense({ units: 4, activation: 'relu' }),
          new Dense({ units: 4, activation: 'relu' }),
          new Dense({ units: 10, activation: 'softmax' }),
        ]),
        compile: { optimizer: new Adam(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] },
        x: uniform([samples, 28, 28], seed),
        y: integers([samples], seed + 1, 10),
      };
    case 'stacked-lstm': {
      const timesteps = workload.timesteps ?? 8;
      return {
        model: new Sequential([
          new LSTM({ units: 32, returnSequences: true, inputShape: [timesteps, 16] }),
          new LSTM({ units: 32, returnSequences: true }),
          new LSTM({ units: 32 }),
          new Dense({ units: 10, activation: 'softmax' }),
        ]),
        compile: { optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] },
        x: uniform([samples, timesteps, 16], seed),
        // Seed 004 trains on uniform random targets, not one-hot labels.
        y: uniform([samples, 10], seed + 1),
      };
    }
    case 'qa': {
      const text = Input({ shape: [null], dtype: 'int32', name: 'text' });
      const question = Input({ shape: [null], dtype: 'int32', name: 'question' });
      const encodedText = new LSTM({ units: 32 }).apply(new Embedding({ inputDim: 10000, outputDim: 64 }).apply(text));
      const encodedQuestion = new LSTM({ units: 16 }).apply(new Embedding({ inputDim: 10000, outputDim: 64 }).apply(question));
      const answer = new Dense({ units: 500, activation: 'softmax' }).apply(concatenate([encodedText, encodedQuestion], { axis: -1 }));
      return {
        model: new Model({ inputs: [text, question], outputs: answer }),
        compile: { optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['acc'] },
        // As seed 003: questions draw from the 500-word answer vocabulary, answers are 0/1 vectors.
        x: [integers([samples, 100], seed, 10000, 1), integers([samples, 100], seed + 2, 500, 1)],
        y: tf.tidy(() => tf.cast(integers([samples, 500], seed + 1, 2), 'float32')),
      };
    }
    case 'convnet':
      return {
        model: new Sequential([
          new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          new MaxPooling2D({ poolSize: 2 }),
          new Flatten(),
          new Dense({ units: 10, activation: 'softmax' }),
        ]),
        compile: { optimizer: new RMSprop(), loss: 'categorical_crossentropy', metrics: ['accuracy'] },
        x: uniform([samples, 28, 28, 1], seed),
        y: oneHot(samples, 10, seed + 1),
      };
  }
}

/** Builds and compiles `workload`'s model and makes `samples` samples of synthetic data. */
export function prepare(workload: Workload, samples: number, seed: number, jitCompile: 'auto' | boolean | undefined): Prepared {
  const { compile, ...prepared } = build(workload, samples, seed);
  // Without --jit, compile's own default applies (as for a user who does not pass the option).
  const options: CompileOptions = jitCompile === undefined ? compile : { ...compile, jitCompile };
  prepared.model.compile(options);
  return prepared;
}

/** The first `samples` samples of `data` (every input of a multi-input model alike). */
export function head<T extends TensorData>(data: T, samples: number): T {
  const slice = (tensor: tf.Tensor) => tf.slice(tensor, 0, samples);
  if (data instanceof tf.Tensor) return slice(data) as T;
  if (Array.isArray(data)) return data.map(slice) as T;
  return Object.fromEntries(Object.entries(data).map(([name, tensor]) => [name, slice(tensor)])) as T;
}
