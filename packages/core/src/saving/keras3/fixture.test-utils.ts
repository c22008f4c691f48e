// Reading the Keras-made fixtures (see __fixtures__/make-keras-fixtures.py) and running real Keras
// from the repository's `.venv-keras` when it is there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/** The folder of the Keras fixtures. */
export const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

export interface KerasFixture {
  keras_version: string;
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
}

export function readFixture(name: string): KerasFixture {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as KerasFixture;
}

export function fixtureInputs(fixture: KerasFixture): tf.Tensor[] {
  return fixture.inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
}

const PYTHON = fileURLToPath(new URL('../../../../../.venv-keras/bin/python', import.meta.url));

/** Why real Keras cannot run here, or undefined when `.venv-keras` has Keras 3 with JAX. */
export const noKeras: string | undefined = (() => {
  if (!existsSync(PYTHON)) return 'no .venv-keras at the repository root (see __fixtures__/make-keras-fixtures.py to create it)';
  const probe = spawnSync(PYTHON, ['-c', 'import keras, h5py'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, encoding: 'utf8' });
  return probe.status === 0 ? undefined : `.venv-keras has no working Keras 3 + JAX + h5py: ${probe.stderr.trim().split('\n').at(-1)}`;
})();

/** Runs `script` in real Keras (JAX backend) with `args`, returning what it printed as JSON. */
export function runKeras(script: string, args: string[]): unknown {
  const result = spawnSync(PYTHON, ['-c', script, ...args], { env: { ...process.env, KERAS_BACKEND: 'jax' }, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`Keras failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

/** Keras loads `modelFile`, then the weights in `weightsFile`, and predicts on the fixture's inputs. */
export const PREDICT_WITH_WEIGHTS = `
import json, sys, numpy as np, keras
model = keras.saving.load_model(sys.argv[1], compile=False)
model.load_weights(sys.argv[2])
fixture = json.load(open(sys.argv[3]))
xs = [np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"]) for i in fixture["inputs"]]
y = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
print(json.dumps(np.asarray(y).flatten().tolist()))
`;
