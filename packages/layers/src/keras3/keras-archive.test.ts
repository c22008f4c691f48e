// Keras 3 `.keras` archives both ways: the Keras-made fixtures (core's src/saving/keras3/__fixtures__,
// made by make-keras-fixtures.py) load and predict Keras's values; keras-ts's own archives load back
// and, when .venv-keras exists, load in real Keras, predict the same and train a step.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Model, ModelFormatError, ShapeError, ValueError, loadModel } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/', import.meta.url));
const NAMES = ['mlp', 'two_inputs', 'conv1d', 'conv2d'];

// Real Keras from the repository's .venv-keras (as core's fixture.test-utils.ts, which is outside this package's sources).
const PYTHON = fileURLToPath(new URL('../../../../.venv-keras/bin/python', import.meta.url));
const KERAS_ENV = { ...process.env, KERAS_BACKEND: 'jax' };
const noKeras: string | undefined = (() => {
  if (!existsSync(PYTHON)) return 'no .venv-keras at the repository root (see make-keras-fixtures.py to create it)';
  const probe = spawnSync(PYTHON, ['-c', 'import keras, h5py'], { env: KERAS_ENV, encoding: 'utf8' });
  return probe.status === 0 ? undefined : `.venv-keras has no working Keras 3 + JAX + h5py: ${probe.stderr.trim().split('\n').at(-1)}`;
})();
function runKeras(script: string, args: string[]): unknown {
  const result = spawnSync(PYTHON, ['-c', script, ...args], { env: KERAS_ENV, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`Keras failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

interface Fixture {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
}
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

function prediction(model: Model, name: string): number[] {
  const xs = fixture(name).inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
  expect(y.shape).toEqual(fixture(name).prediction.shape);
  const values = Array.from(y.dataSync());
  tf.dispose([...xs, y]);
  return values;
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => expect(Math.abs(value - expected[index]!)).toBeLessThanOrEqual(1e-5));
}

/** Real Keras loads a .keras file, predicts on the fixture's inputs and trains one step. */
const KERAS_LOAD_PREDICT_TRAIN = `
import json, sys, numpy as np, keras
model = keras.saving.load_model(sys.argv[1])
fixture = json.load(open(sys.argv[2]))
xs = [np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"]) for i in fixture["inputs"]]
x = xs if len(xs) > 1 else xs[0]
y = np.asarray(model.predict(x, verbose=0))
compiled = model.compiled
if not compiled: model.compile(optimizer="sgd", loss="mse")
sparse = "sparse" in str(model.loss)
target = np.zeros(y.shape[:-1], dtype="int32") if sparse else np.zeros_like(y)
logs = model.train_on_batch(x, target, return_dict=True)
print(json.dumps({"prediction": y.flatten().tolist(), "compiled": compiled, "loss": float(logs["loss"])}))
`;

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-keras-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(NAMES)('.keras fixture %s', (name) => {
  it('made by Keras: loadModel predicts what Keras predicted; keras-ts saves it as .keras and loads it back identically', async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(`${FIXTURES}${name}.keras`);
    expectClose(prediction(model, name), fixture(name).prediction.values);
    // The fixtures were compiled in Keras except conv2d (its compile_config is {}).
    expect(model.compileOptions !== undefined).toBe(name !== 'conv2d');
    const path = join(dir, `${name}.keras`);
    await model.save(path);
    const copy = await loadModel(path);
    expect(copy.layers.map((layer) => [layer.name, layer.className])).toEqual(model.layers.map((layer) => [layer.name, layer.className]));
    expect(copy.weights.map((weight) => weight.variable.arraySync())).toEqual(model.weights.map((weight) => weight.variable.arraySync()));
    expect(copy.compileOptions?.loss).toEqual(model.compileOptions?.loss);
    expectClose(prediction(copy, name), fixture(name).prediction.values);
    model.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(noKeras !== undefined)(
    `real Keras loads keras-ts's .keras, predicts the same and trains a step${noKeras === undefined ? '' : ` (skipped: ${noKeras})`}`,
    async () => {
      const model = await loadModel(`${FIXTURES}${name}.keras`);
      const path = join(dir, `${name}.keras`);
      await model.save(path);
      const result = runKeras(KERAS_LOAD_PREDICT_TRAIN, [path, `${FIXTURES}${name}.json`]) as { prediction: number[]; compiled: boolean; loss: number };
      expectClose(result.prediction, prediction(model, name));
      expect(result.compiled).toBe(name !== 'conv2d');
      expect(Number.isFinite(result.loss)).toBe(true);
      model.dispose();
    },
    120_000,
  );
});

describe('compiled-step options in files', () => {
  it("jitCompile and stepsPerExecution survive .keras and the tfjs layout; Keras's resolved jit_compile: true loads as 'auto'", async () => {
    const model = await loadModel(`${FIXTURES}mlp.keras`);
    // Keras wrote jit_compile: true (XLA under JAX); keras-ts keeps its 'auto' (compile where it can).
    expect(model.compileOptions?.jitCompile).toBeUndefined();
    model.compile({ ...model.compileOptions!, jitCompile: false, stepsPerExecution: 4 });
    const kerasPath = join(dir, 'eager.keras');
    await model.save(kerasPath);
    const compileConfig = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(kerasPath))['config.json'])).compile_config;
    expect([compileConfig.jit_compile, compileConfig.steps_per_execution]).toEqual([false, 4]);
    const fromKeras = await loadModel(kerasPath);
    expect([fromKeras.compileOptions?.jitCompile, fromKeras.compileOptions?.stepsPerExecution]).toEqual([false, 4]);
    await model.save(join(dir, 'tfjs'));
    const fromTfjs = await loadModel(join(dir, 'tfjs', 'model.json'));
    expect([fromTfjs.compileOptions?.jitCompile, fromTfjs.compileOptions?.stepsPerExecution]).toEqual([false, 4]);
    for (const m of [model, fromKeras, fromTfjs]) m.dispose();
  });
});

describe('hostile .keras archives', () => {
  const members = () => unzipSync(readFileSync(`${FIXTURES}mlp.keras`));
  const withConfig = (edit: (config: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }) => void) => {
    const files = members();
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    edit(config);
    files['config.json'] = new TextEncoder().encode(JSON.stringify(config));
    return zipSync(files);
  };
  const withWeights = (name: string) => {
    const files = members();
    files['model.weights.h5'] = readFileSync(`${FIXTURES}${name}.weights.h5`);
    return zipSync(files);
  };
  /** Sets the uncompressed size a member declares, in its central and local headers. */
  const declareSize = (bytes: Uint8Array, name: string, size: number) => {
    const copy = bytes.slice();
    const view = new DataView(copy.buffer);
    for (let offset = copy.length - 22; offset >= 0; offset--) {
      if (view.getUint32(offset, true) !== 0x02014b50) continue;
      const length = view.getUint16(offset + 28, true);
      if (new TextDecoder().decode(copy.subarray(offset + 46, offset + 46 + length)) !== name) continue;
      view.setUint32(offset + 24, size, true);
      view.setUint32(view.getUint32(offset + 42, true) + 22, size, true);
      return copy;
    }
    throw new Error(`no member ${name}`);
  };

  it('a Sequential saved without its InputLayer takes the input shape from build_config', async () => {
    const path = join(dir, 'no-input.keras');
    await writeFile(
      path,
      withConfig((config) => {
        config.config.layers.shift();
      }),
    );
    const model = await loadModel(path);
    expectClose(prediction(model, 'mlp'), fixture('mlp').prediction.values);
    model.dispose();
  });

  it('are refused with typed errors, leaving no tensor or variable behind', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'lambda',
        withConfig((config) => {
          config.config.layers[2] = { class_name: 'Lambda', config: { name: 'lambda', function: { class_name: '__lambda__', config: { code: 'eval' } } } };
        }),
        /safe mode: Lambda layers hold Python code/,
      ],
      [
        'unknown',
        withConfig((config) => {
          config.config.layers[1]!.class_name = 'FancyDense';
        }),
        /FancyDense/,
      ],
      [
        'custom',
        withConfig((config) => {
          Object.assign(config.config.layers[1]!, { registered_name: 'my_package>Dense' });
        }),
        /'my_package>Dense' is a custom Keras object/,
      ],
      [
        'bad-field',
        withConfig((config) => {
          config.config.layers[1]!.config.units = -3;
        }),
        /layers\[1\]\.config\.units: expected a positive integer/,
      ],
      ['size-lie', declareSize(zipSync(members()), 'config.json', 100), /config.json: inflates to more than the 100 bytes/],
      [
        'bomb',
        declareSize(readFileSync(`${FIXTURES}mlp.keras`), 'model.weights.h5', 0xfff00000),
        /model.weights.h5: declares 4293918720 bytes; keras-ts reads members up to/,
      ],
      ['truncated', readFileSync(`${FIXTURES}mlp.keras`).subarray(0, 3000), /The .keras archive is corrupt, truncated/],
      // Weights of another model: refused before a layer allocates (conv2d's are all smaller), or
      // after the layers are built (two_inputs' are large enough), which disposes them.
      ['small-weights', withWeights('conv2d'), /the largest tensor in the file has 72 values/],
      [
        'other-weights',
        withWeights('two_inputs'),
        /stores 'layers\/dense\/vars\/0' with shape \[13, 7\]. The file belongs to a model with a different architecture/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(dir, `${name}.keras`);
      await writeFile(path, bytes);
      const tensors = tf.memory().numTensors;
      const variables = Object.keys(tf.engine().registeredVariables).length;
      const error = await loadModel(path).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect((error as Error).message, name).toMatch(message);
      expect(error, name).toBeInstanceOf(name === 'lambda' ? ValueError : name === 'other-weights' ? ShapeError : ModelFormatError);
      expect(tf.memory().numTensors, name).toBe(tensors);
      expect(Object.keys(tf.engine().registeredVariables).length, name).toBe(variables);
    }
  });
});
