// Keras 3 files of the seed models' layer families, made by real Keras (the fixtures and the
// script that makes them live with the loader, in @keras-ts/core's src/saving/keras3/__fixtures__).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Input, Model, Sequential } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Activation,
  AveragePooling2D,
  Conv1D,
  Conv2D,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  GlobalMaxPooling1D,
  GRU,
  LSTM,
  MaxPooling1D,
  MaxPooling2D,
  SimpleRNN,
  add,
  concatenate,
} from '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/', import.meta.url));

interface Fixture {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
}

const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

/** The fixtures' models, built in keras-ts as make-keras-fixtures.py builds them in Keras. */
const BUILD: Record<string, () => Model> = {
  mlp: () =>
    new Sequential([
      new Dense({ units: 16, activation: 'relu', inputShape: [12] }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 16, activation: 'relu' }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 4, activation: 'softmax' }),
    ]),
  two_inputs: () => {
    const text = Input({ shape: [null], dtype: 'int32', name: 'text' });
    const question = Input({ shape: [null], dtype: 'int32', name: 'question' });
    const encodedText = new LSTM({ units: 8 }).apply(new Embedding({ inputDim: 50, outputDim: 6 }).apply(text));
    const encodedQuestion = new GRU({ units: 5 }).apply(new Embedding({ inputDim: 40, outputDim: 4 }).apply(question));
    const answer = new Dense({ units: 7, activation: 'softmax' }).apply(concatenate([encodedText, encodedQuestion], { axis: -1 }));
    return new Model({ inputs: [text, question], outputs: answer });
  },
  conv1d: () => {
    const tokens = Input({ shape: [20], dtype: 'int32', name: 'tokens' });
    const embedded = new Embedding({ inputDim: 30, outputDim: 8 }).apply(tokens);
    let x = new Conv1D({ filters: 6, kernelSize: 3, activation: 'relu' }).apply(embedded);
    x = new MaxPooling1D({ poolSize: 2 }).apply(x);
    x = new Conv1D({ filters: 6, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(x);
    const merged = add([new GlobalMaxPooling1D().apply(x), new SimpleRNN({ units: 6 }).apply(embedded)]);
    const out = new Dense({ units: 1, activation: 'sigmoid' }).apply(new Activation({ activation: 'tanh' }).apply(merged));
    return new Model({ inputs: tokens, outputs: out });
  },
  conv2d: () =>
    new Sequential([
      new Conv2D({ filters: 4, kernelSize: [3, 3], activation: 'relu', padding: 'same', inputShape: [8, 8, 2] }),
      new MaxPooling2D({ poolSize: [2, 2] }),
      new Conv2D({ filters: 3, kernelSize: [2, 2] }),
      new AveragePooling2D({ poolSize: [3, 3] }),
      new Flatten(),
      new Dense({ units: 2 }),
    ]),
};

function expectKerasPrediction(model: Model, name: string): void {
  const { inputs, prediction } = fixture(name);
  const xs = inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
  expect(y.shape).toEqual(prediction.shape);
  const values = Array.from(y.dataSync());
  values.forEach((value, index) => expect(Math.abs(value - prediction.values[index]!)).toBeLessThanOrEqual(1e-5));
  tf.dispose([...xs, y]);
}

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-keras3-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(Object.keys(BUILD))('Keras 3 fixture %s', (name) => {
  it('.weights.h5 made by Keras: keras-ts predicts what Keras predicted, and saves what it loads', async () => {
    const model = BUILD[name]!();
    const before = tf.memory().numTensors;
    await model.loadWeights(`${FIXTURES}${name}.weights.h5`);
    expect(tf.memory().numTensors).toBe(before);
    expectKerasPrediction(model, name);
    await model.saveWeights(join(dir, `${name}.weights.h5`));
    const copy = BUILD[name]!();
    await copy.loadWeights(join(dir, `${name}.weights.h5`));
    expectKerasPrediction(copy, name);
    model.dispose();
    copy.dispose();
  });
});
