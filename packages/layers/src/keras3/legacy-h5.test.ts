// Keras's legacy HDF5 files (fixtures by core's src/saving/keras3/__fixtures__/make-legacy-h5-fixtures.py):
// loadModel('x.h5') predicts what Keras predicted, for Keras 3's legacy writer and for the Keras 2
// layout of the same files; loadWeights reads legacy weights-only and full-model files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Model, ValueError, loadModel } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/legacy/', import.meta.url));

const PYTHON = fileURLToPath(new URL('../../../../.venv-keras/bin/python', import.meta.url));
const noKeras: string | undefined = (() => {
  if (!existsSync(PYTHON)) return 'no .venv-keras at the repository root (see make-keras-fixtures.py to create it)';
  const probe = spawnSync(PYTHON, ['-c', 'import keras, h5py'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, encoding: 'utf8' });
  return probe.status === 0 ? undefined : `.venv-keras has no working Keras 3 + JAX + h5py: ${probe.stderr.trim().split('\n').at(-1)}`;
})();

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

/** Keras builds the model of a legacy .h5, loads weights from another .h5 and predicts on the fixture's inputs. */
const KERAS_LOAD_WEIGHTS = `
import json, sys, numpy as np, keras
model = keras.saving.load_model(sys.argv[1], compile=False)
model.load_weights(sys.argv[2])
fixture = json.load(open(sys.argv[3]))
xs = [np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"]) for i in fixture["inputs"]]
print(json.dumps(np.asarray(model.predict(xs if len(xs) > 1 else xs[0], verbose=0)).flatten().tolist()))
`;

describe('legacy .h5 weights written by keras-ts', () => {
  it.each([
    'mlp',
    'text',
  ])(`%s: saveWeights('x.h5') loads back, and in real Keras when .venv-keras exists${noKeras === undefined ? '' : ` (Keras part skipped: ${noKeras})`}`, async (name) => {
    const dir = await mkdtemp(join(tmpdir(), 'keras-ts-legacy-'));
    try {
      const model = await loadModel(`${FIXTURES}${name}.h5`, { compile: false });
      const path = join(dir, `${name}.h5`);
      await model.saveWeights(path);
      for (const weight of model.weights) weight.assign(tf.zerosLike(weight.variable));
      await model.loadWeights(path);
      expectKerasPrediction(model, name);
      model.dispose();
      if (noKeras === undefined) {
        const result = spawnSync(PYTHON, ['-c', KERAS_LOAD_WEIGHTS, `${FIXTURES}${name}.h5`, path, `${FIXTURES}${name}.json`], {
          env: { ...process.env, KERAS_BACKEND: 'jax' },
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(result.status, result.stderr).toBe(0);
        const values = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as number[];
        fixture(name).prediction.values.forEach((value, index) => expect(Math.abs(values[index]! - value)).toBeLessThanOrEqual(1e-5));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
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
