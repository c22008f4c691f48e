// One Keras-made `.keras` per layer family (core's src/saving/keras3/__fixtures__/families, made by
// make-family-fixtures.py): Conv1D, Conv2D + pooling + BatchNormalization (moving statistics after
// a fit), merges, GRU, Bidirectional(LSTM), TimeDistributed(Dense), a Sequential nested in a
// functional model, Embedding(mask_zero) + LSTM; and seed models (004's two-output headline model
// compiled with per-output losses and loss weights, its stacked and shared LSTMs, its MLP with
// Dropout, its stateful stacked LSTM, its TimeDistributed(model); 000's Reuters classifier, 001's
// Flatten classifier, 002's tanh MLP with SGD + momentum, 003's three-output Conv1D model with
// losses as a list and loss weights). keras-ts predicts Keras's values, its own archive
// loads back identically, and real Keras (when .venv-keras exists) predicts the same from it.
// States are reset before every prediction, on both sides, so the stateful model starts from zeros.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Model, loadModel } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/families/', import.meta.url));
const FAMILIES = ['conv1d', 'conv2d_batchnorm', 'merges', 'gru', 'bidirectional', 'time_distributed', 'nested', 'embedding_lstm'];
const SEEDS = [
  'seed004_headline',
  'seed004_stacked_lstm',
  'seed004_shared_lstm',
  'seed001_flatten',
  'seed000_reuters',
  'seed002_mlp_tanh',
  'seed003_three_outputs',
  'seed004_mlp_dropout',
  'seed004_stateful_lstm',
  'seed004_time_distributed_model',
];
const NAMES = [...FAMILIES, ...SEEDS];

const PYTHON = fileURLToPath(new URL('../../../../.venv-keras/bin/python', import.meta.url));
const KERAS_ENV = { ...process.env, KERAS_BACKEND: 'jax' };
const noKeras: string | undefined = (() => {
  if (!existsSync(PYTHON)) return 'no .venv-keras at the repository root (see make-keras-fixtures.py to create it)';
  const probe = spawnSync(PYTHON, ['-c', 'import keras, h5py'], { env: KERAS_ENV, encoding: 'utf8' });
  return probe.status === 0 ? undefined : `.venv-keras has no working Keras 3 + JAX + h5py: ${probe.stderr.trim().split('\n').at(-1)}`;
})();

interface Fixture {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
  /** Every output, in order (fixtures of multi-output models). */
  outputs?: { shape: number[]; values: number[] }[];
}
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

/** Keras's predictions, every output's values one after another. */
const expected = (name: string) => (fixture(name).outputs ?? [fixture(name).prediction]).flatMap((output) => output.values);

function predictionOf(model: Model, name: string): number[] {
  const xs = fixture(name).inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  model.resetStates();
  // One batch of all the samples: a stateful model's fixed batch size is the fixture's sample count,
  // and keras-ts (stricter than Keras's default of 32) wants it passed.
  const prediction = model.predict(xs.length === 1 ? xs[0]! : xs, { batchSize: xs[0]!.shape[0]! });
  const ys = Array.isArray(prediction) ? prediction : [prediction];
  expect(ys.map((y) => y.shape)).toEqual((fixture(name).outputs ?? [fixture(name).prediction]).map((output) => output.shape));
  const values = ys.flatMap((y) => Array.from(y.dataSync()));
  tf.dispose([...xs, ...ys]);
  return values;
}

function expectClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((value, index) => expect(Math.abs(value - expected[index]!), `${label}[${index}]`).toBeLessThanOrEqual(1e-5));
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-families-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetNameCounters();
});

describe.each(NAMES)('Keras-made .keras of %s', (name) => {
  it("loads with Keras's predictions, and keras-ts's .keras of it loads back identically", async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    expectClose(predictionOf(model, name), expected(name), name);
    const path = join(dir, `${name}.keras`);
    await model.save(path);
    const copy = await loadModel(path);
    expect(copy.layers.map((layer) => [layer.name, layer.className])).toEqual(model.layers.map((layer) => [layer.name, layer.className]));
    expect(copy.weights.map((weight) => weight.variable.arraySync())).toEqual(model.weights.map((weight) => weight.variable.arraySync()));
    expectClose(predictionOf(copy, name), expected(name), `${name} (keras-ts's copy)`);
    expect(copy.compileOptions?.loss).toEqual(model.compileOptions?.loss);
    expect(copy.compileOptions?.lossWeights).toEqual(model.compileOptions?.lossWeights);
    model.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("Keras-made .keras of seed 004's stateful LSTM", () => {
  it('carries its states from one prediction to the next until resetStates()', async () => {
    const name = 'seed004_stateful_lstm';
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    const x = tf.tensor(fixture(name).inputs[0]!.values, fixture(name).inputs[0]!.shape);
    const predict = () => tf.tidy(() => Array.from((model.predict(x, { batchSize: x.shape[0]! }) as tf.Tensor).dataSync()));
    expectClose(predict(), expected(name), 'first prediction');
    const carried = predict();
    expect(Math.max(...carried.map((value, index) => Math.abs(value - expected(name)[index]!)))).toBeGreaterThan(1e-4);
    model.resetStates();
    expectClose(predict(), expected(name), 'after resetStates()');
    x.dispose();
    model.dispose();
  });
});

/** Real Keras loads each of keras-ts's archives and predicts on its fixture's inputs. */
const KERAS_PREDICT_ALL = `
import json, sys, numpy as np, keras
out = {}
for name in sys.argv[2:]:
    model = keras.saving.load_model(f"{sys.argv[1]}/{name}.keras")
    fixture = json.load(open(f"${FIXTURES}{name}.json"))
    xs = [np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"]) for i in fixture["inputs"]]
    for layer in model._flatten_layers():
        if getattr(layer, "stateful", False):
            layer.reset_state()
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    out[name] = [v for y in (ys if isinstance(ys, list) else [ys]) for v in np.asarray(y).flatten().tolist()]
print(json.dumps(out))
`;

describe('real Keras', () => {
  it.skipIf(noKeras !== undefined)(
    `loads keras-ts's .keras of every family and predicts Keras's values${noKeras === undefined ? '' : ` (skipped: ${noKeras})`}`,
    async () => {
      const ours = join(dir, 'ours');
      for (const name of NAMES) {
        const model = await loadModel(`${FIXTURES}${name}.keras`);
        await model.save(join(ours, `${name}.keras`));
        model.dispose();
      }
      const result = spawnSync(PYTHON, ['-c', KERAS_PREDICT_ALL, ours, ...NAMES], { env: KERAS_ENV, encoding: 'utf8', timeout: 300_000 });
      expect(result.status, result.stderr).toBe(0);
      const predictions = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number[]>;
      for (const name of NAMES) expectClose(predictions[name]!, expected(name), `Keras on keras-ts's ${name}`);
    },
    300_000,
  );
});
