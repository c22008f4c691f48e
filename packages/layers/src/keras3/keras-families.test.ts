// One Keras-made `.keras` per layer family (core's src/saving/keras3/__fixtures__/families, made by
// make-family-fixtures.py): Conv1D, Conv2D + pooling + BatchNormalization (moving statistics after
// a fit), merges, GRU, Bidirectional(LSTM), TimeDistributed(Dense), a Sequential nested in a
// functional model, Embedding(mask_zero) + LSTM. keras-ts predicts Keras's values, its own archive
// loads back identically, and real Keras (when .venv-keras exists) predicts the same from it.
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
const NAMES = ['conv1d', 'conv2d_batchnorm', 'merges', 'gru', 'bidirectional', 'time_distributed', 'nested', 'embedding_lstm'];

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
}
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

function predictionOf(model: Model, name: string): number[] {
  const xs = fixture(name).inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
  expect(y.shape).toEqual(fixture(name).prediction.shape);
  const values = Array.from(y.dataSync());
  tf.dispose([...xs, y]);
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

describe.each(NAMES)('Keras-made .keras of the %s family', (name) => {
  it("loads with Keras's predictions, and keras-ts's .keras of it loads back identically", async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    expectClose(predictionOf(model, name), fixture(name).prediction.values, name);
    const path = join(dir, `${name}.keras`);
    await model.save(path);
    const copy = await loadModel(path);
    expect(copy.layers.map((layer) => [layer.name, layer.className])).toEqual(model.layers.map((layer) => [layer.name, layer.className]));
    expect(copy.weights.map((weight) => weight.variable.arraySync())).toEqual(model.weights.map((weight) => weight.variable.arraySync()));
    expectClose(predictionOf(copy, name), fixture(name).prediction.values, `${name} (keras-ts's copy)`);
    model.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
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
    out[name] = np.asarray(model.predict(xs if len(xs) > 1 else xs[0], verbose=0)).flatten().tolist()
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
      for (const name of NAMES) expectClose(predictions[name]!, fixture(name).prediction.values, `Keras on keras-ts's ${name}`);
    },
    300_000,
  );
});
