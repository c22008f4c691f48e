// Optimizer state in Keras 3 `.keras` archives (fixtures by core's
// src/saving/keras3/__fixtures__/make-optimizer-fixtures.py): Keras trained 2 steps and saved;
// keras-ts loads, trains steps 3 and 4 on the same batches and must reach the weights Keras reached
// training all 4 steps in one go. Both directions: keras-ts's own archive continues the same, and,
// when .venv-keras exists, real Keras continues keras-ts's archive to the same weights.
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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/optimizers/', import.meta.url));
const NAMES = ['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad', 'adadelta', 'adamax', 'nadam', 'ftrl', 'lion'];

const PYTHON = fileURLToPath(new URL('../../../../.venv-keras/bin/python', import.meta.url));
const KERAS_ENV = { ...process.env, KERAS_BACKEND: 'jax' };
const noKeras: string | undefined = (() => {
  if (!existsSync(PYTHON)) return 'no .venv-keras at the repository root (see make-keras-fixtures.py to create it)';
  const probe = spawnSync(PYTHON, ['-c', 'import keras, h5py'], { env: KERAS_ENV, encoding: 'utf8' });
  return probe.status === 0 ? undefined : `.venv-keras has no working Keras 3 + JAX + h5py: ${probe.stderr.trim().split('\n').at(-1)}`;
})();

interface Fixture {
  batches: { x: number[]; y: number[]; x_shape: number[]; y_shape: number[] }[];
  optimizer_variables: string[];
  weights_after_4_steps: { shape: number[]; values: number[] }[][];
}
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

async function trainSteps(model: Model, name: string, steps: number[]): Promise<void> {
  for (const step of steps) {
    const batch = fixture(name).batches[step]!;
    const x = tf.tensor(batch.x, batch.x_shape);
    const y = tf.tensor(batch.y, batch.y_shape);
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
  }
}

function expectKerasWeights(actual: number[][][], name: string): void {
  const expected = fixture(name).weights_after_4_steps;
  expect(actual.map((layer) => layer.length)).toEqual(expected.map((layer) => layer.length));
  expected.forEach((layer, index) =>
    layer.forEach((weight, position) => {
      const values = actual[index]![position]!;
      weight.values.forEach((value, at) =>
        expect(Math.abs(values[at]! - value), `${name}: layer ${index} weight ${position}[${at}]`).toBeLessThanOrEqual(2e-5),
      );
    }),
  );
}

const weightsOf = (model: Model) =>
  model.layers.map((layer) =>
    layer.getWeights().map((weight) => {
      const values = Array.from(weight.dataSync());
      weight.dispose();
      return values;
    }),
  );

/** Real Keras loads a .keras file, trains on the given batches of the fixture and prints every layer's weights. */
const KERAS_CONTINUE = `
import json, sys, numpy as np, keras
model = keras.saving.load_model(sys.argv[1])
fixture = json.load(open(sys.argv[2]))
for step in json.loads(sys.argv[3]):
    b = fixture["batches"][step]
    model.train_on_batch(np.array(b["x"], "float32").reshape(b["x_shape"]), np.array(b["y"], "float32").reshape(b["y_shape"]))
print(json.dumps({"iterations": int(model.optimizer.iterations), "weights": [[np.asarray(w).flatten().tolist() for w in layer.get_weights()] for layer in model.layers]}))
`;

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-optimizer-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(NAMES)('optimizer state of %s in .keras', (name) => {
  it('Keras trained 2 steps and saved: keras-ts restores the state and trains steps 3-4 to the weights of Keras training 4', async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    expect(model.optimizer?.iterations).toBe(2);
    await trainSteps(model, name, [2, 3]);
    expectKerasWeights(weightsOf(model), name);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keras-ts's .keras keeps the state: saved after Keras's 2 steps, loaded back, it trains to the same weights", async () => {
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    const path = join(dir, `${name}.keras`);
    await model.save(path);
    model.dispose();
    const copy = await loadModel(path);
    expect(copy.optimizer?.iterations).toBe(2);
    await trainSteps(copy, name, [2, 3]);
    expectKerasWeights(weightsOf(copy), name);
    copy.dispose();
  });

  it.skipIf(noKeras !== undefined)(
    `real Keras continues keras-ts's .keras (keras-ts trained step 3) to the weights of 4 steps${noKeras === undefined ? '' : ` (skipped: ${noKeras})`}`,
    async () => {
      const model = await loadModel(`${FIXTURES}${name}.keras`);
      await trainSteps(model, name, [2]);
      const path = join(dir, `${name}.keras`);
      await model.save(path);
      model.dispose();
      const result = spawnSync(PYTHON, ['-c', KERAS_CONTINUE, path, `${FIXTURES}${name}.json`, '[3]'], { env: KERAS_ENV, encoding: 'utf8', timeout: 120_000 });
      expect(result.status, result.stderr).toBe(0);
      const { iterations, weights } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { iterations: number; weights: number[][][] };
      expect(iterations).toBe(4);
      expect(result.stderr).not.toMatch(/Skipping variable loading for optimizer/);
      expectKerasWeights(weights, name);
    },
    120_000,
  );
});
