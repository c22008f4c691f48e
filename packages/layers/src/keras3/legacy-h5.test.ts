// Keras's legacy HDF5 files (fixtures by core's src/saving/keras3/__fixtures__/make-legacy-h5-fixtures.py):
// loadModel('x.h5') predicts what Keras predicted, for Keras 3's legacy writer and for the Keras 2
// layout of the same files; loadWeights reads legacy weights-only and full-model files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Model, ValueError, loadModel } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/legacy/', import.meta.url));

interface Fixture {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
  iterations: number | null;
}
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

function expectKerasPrediction(model: Model, name: string): void {
  const xs = fixture(name).inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
  expect(y.shape).toEqual(fixture(name).prediction.shape);
  const values = y.dataSync();
  fixture(name).prediction.values.forEach((value, index) => expect(Math.abs(values[index]! - value)).toBeLessThanOrEqual(1e-5));
  tf.dispose([...xs, y]);
}

beforeEach(() => {
  resetNameCounters();
});

describe.each(['mlp', 'text'])('legacy .h5 fixture %s', (name) => {
  it("Keras 3's legacy writer: loadModel predicts Keras's values, compiles from training_config and restores the optimizer state", async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(`${FIXTURES}${name}.h5`);
    expectKerasPrediction(model, name);
    expect(model.compileOptions !== undefined).toBe(fixture(name).iterations !== null);
    if (fixture(name).iterations !== null) expect(model.optimizer?.iterations).toBe(fixture(name).iterations);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("Keras 2's layout (inbound_nodes lists, batch_input_shape, ':0' weight names): loads with Keras's predictions; Keras 2 optimizer state is skipped with a warning", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const model = await loadModel(`${FIXTURES}${name}.keras2.h5`);
    expectKerasPrediction(model, name);
    if (fixture(name).iterations !== null) {
      expect(model.compileOptions?.loss).toBe('categorical_crossentropy');
      expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/optimizer state of this Keras 2.15.0 file is not restored/);
    }
    warn.mockRestore();
    model.dispose();
  });

  it('loadWeights reads legacy weights-only files and the model_weights of full-model files', async () => {
    for (const file of [`${name}.weights-only.h5`, `${name}.h5`]) {
      const model = await loadModel(`${FIXTURES}${name}.h5`, { compile: false });
      for (const weight of model.weights) weight.assign(tf.zerosLike(weight.variable));
      await model.loadWeights(`${FIXTURES}${file}`);
      expectKerasPrediction(model, name);
      model.dispose();
    }
  });
});

describe('legacy .h5 in memory', () => {
  it('loadModel reads a full-model .h5 from bytes, and loadWeights legacy weights from bytes', async () => {
    const model = await loadModel(new Uint8Array(readFileSync(`${FIXTURES}text.keras2.h5`)));
    expectKerasPrediction(model, 'text');
    for (const weight of model.weights) weight.assign(tf.zerosLike(weight.variable));
    await model.loadWeights(new Uint8Array(readFileSync(`${FIXTURES}text.weights-only.h5`)));
    expectKerasPrediction(model, 'text');
    model.dispose();
  });
});

describe('legacy .h5 refusals', () => {
  it('weights of another architecture are refused before any weight changes; a weights-only file is not a model', async () => {
    const model = await loadModel(`${FIXTURES}mlp.h5`, { compile: false });
    const initial = model.weights.map((weight) => weight.variable.arraySync());
    const before = tf.memory().numTensors;
    await expect(model.loadWeights(`${FIXTURES}text.weights-only.h5`)).rejects.toThrow(
      /holds weights for 4 layer\(s\) \[embedding, lstm, dense_2, out\], but the model has 3 layer\(s\) with weights \[dense, batch_normalization, dense_1\]/,
    );
    await expect(loadModel(`${FIXTURES}mlp.weights-only.h5`)).rejects.toThrow(ValueError);
    await expect(loadModel(`${FIXTURES}mlp.weights-only.h5`)).rejects.toThrow(/weights only .*loadWeights/);
    expect(tf.memory().numTensors).toBe(before);
    expect(model.weights.map((weight) => weight.variable.arraySync())).toEqual(initial);
    model.dispose();
  });
});
