import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasConcatenate, KerasDense, KerasDropout } from '../testing/keras-layers.test-utils.js';
import { loadModel } from './load-model.js';
import type { ModelJson } from './model-files.js';
import { weightsFileOf, withHashPlaceholder } from './saved-files.test-utils.js';

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-save-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function mlp(): Sequential {
  return new Sequential([
    new KerasDense({ units: 8, activation: 'relu', inputShape: [4] }),
    new KerasDropout({ rate: 0.25, seed: 7 }),
    new KerasDense({ units: 3, activation: 'softmax' }),
  ]);
}

const x = () =>
  tf.tensor2d([
    [0.1, -0.2, 0.3, 0.5],
    [1, 0.5, -0.5, 0.25],
    [-0.3, 0.8, 0.1, -0.9],
    [0.6, 0.6, -0.2, 0.1],
  ]);
const y = () =>
  tf.tensor2d([
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0, 1, 0],
  ]);
const values = (model: Model) =>
  model.getWeights().map((t) => {
    const data = Array.from(t.dataSync());
    t.dispose();
    return data;
  });

describe('model.save / loadModel', () => {
  it('writes the tfjs-layers layout with snake_case topology, a manifest and exactly sized weights', async () => {
    const model = mlp();
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const [xs, ys] = [x(), y()];
    await model.trainOnBatch(xs, ys);
    await model.save(dir);
    expect(withHashPlaceholder(await readdir(dir))).toEqual(['model.json', 'weights-<hash>.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJson & {
      modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    };
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    const layers = json.modelTopology.config.layers;
    expect(layers.map((l) => l.class_name)).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense']);
    expect(layers[0]!.config).toMatchObject({ batch_input_shape: [null, 4], dtype: 'float32' });
    expect(layers[1]!.config).toMatchObject({
      units: 8,
      activation: 'relu',
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
    });
    expect(json.trainingConfig).toMatchObject({
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
      optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.01, beta1: 0.9 } },
    });
    const specs = json.weightsManifest[0]!.weights;
    expect(json.weightsManifest[0]!.paths).toEqual([(await readdir(dir)).find((name) => name.endsWith('.bin'))]);
    expect(specs.filter((s) => s.group === undefined).map((s) => [s.name, s.shape])).toEqual([
      ['dense/kernel', [4, 8]],
      ['dense/bias', [8]],
      ['dense_1/kernel', [8, 3]],
      ['dense_1/bias', [3]],
    ]);
    // Adam keeps iterations plus a momentum and a velocity per variable.
    const optimizerSpecs = specs.filter((s) => s.group === 'optimizer');
    expect(optimizerSpecs.map((s) => s.shape)).toEqual([[], [4, 8], [8], [8, 3], [3], [4, 8], [8], [8, 3], [3]]);
    const parameters = 4 * 8 + 8 + 8 * 3 + 3;
    expect((await stat(await weightsFileOf(dir))).size).toBe(4 * (parameters + 1 + 2 * parameters));
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('round-trips a Sequential: identical predictions and an identical next training step', async () => {
    const model = mlp();
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const [xs, ys] = [x(), y()];
    await model.trainOnBatch(xs, ys);
    await model.trainOnBatch(xs, ys);
    await model.save(join(dir, 'model.json'));
    const loaded = await loadModel(dir);
    expect(loaded).toBeInstanceOf(Sequential);
    expect(loaded.layers.map((l) => l.name)).toEqual(['dense', 'dropout', 'dense_1']);
    const [a, b] = [model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    expect(loaded.optimizer!.iterations).toBe(2);
    expect(loaded.optimizer!.learningRate).toBeCloseTo(0.01, 8);
    await model.trainOnBatch(xs, ys);
    await loaded.trainOnBatch(xs, ys);
    expect(values(loaded)).toEqual(values(model));
    tf.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips a two-input functional model with a shared layer and a nested model', async () => {
    const left = Input({ shape: [3], name: 'left' });
    const right = Input({ shape: [3], name: 'right' });
    const shared = new KerasDense({ units: 4, activation: 'tanh', name: 'shared' });
    const innerInput = Input({ shape: [8], name: 'inner_in' });
    const inner = new Model({ inputs: innerInput, outputs: new KerasDense({ units: 2, name: 'inner_dense' }).apply(innerInput) as never, name: 'inner' });
    const merged = new KerasConcatenate({ name: 'merge' }).apply([shared.apply(left) as never, shared.apply(right) as never]);
    const output = new KerasDense({ units: 1, activation: 'sigmoid', name: 'head' }).apply(inner.apply(merged as never) as never);
    const model = new Model({ inputs: [left, right], outputs: output as never, name: 'siamese' });
    const config = model.getConfig() as { layers: { name: string; inboundNodes: unknown[] }[] };
    // The shared layer is called twice: two inbound nodes, reading left and right.
    expect(config.layers.find((l) => l.name === 'shared')!.inboundNodes).toEqual([[['left', 0, 0, {}]], [['right', 0, 0, {}]]]);
    expect(config.layers.find((l) => l.name === 'merge')!.inboundNodes).toEqual([
      [
        ['shared', 0, 0, {}],
        ['shared', 1, 0, {}],
      ],
    ]);
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    await model.save(dir);
    const loaded = await loadModel(dir);
    expect(loaded.className).toBe('Functional');
    expect(loaded.inputNames).toEqual(['left', 'right']);
    expect(loaded.getLayer('inner')).toBeInstanceOf(Model);
    const inputs = [
      tf.tensor2d([
        [0.1, 0.2, 0.3],
        [1, -1, 0.5],
      ]),
      tf.tensor2d([
        [0.3, -0.2, 0.9],
        [0, 0.4, -0.6],
      ]),
    ];
    const [a, b] = [model.predict(inputs) as tf.Tensor, loaded.predict(inputs) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.countParams()).toBe(model.countParams());
    tf.dispose([a, b, ...inputs]);
    model.dispose();
    loaded.dispose();
  });

  it('loads a model compiled but never trained (optimizer state is only the step count)', async () => {
    const model = mlp();
    model.compile({ optimizer: new Adam(), loss: 'categoricalCrossentropy' });
    await model.save(dir);
    const loaded = await loadModel(dir);
    expect(loaded.optimizer!.iterations).toBe(0);
    const [xs, ys] = [x(), y()];
    await model.trainOnBatch(xs, ys);
    await loaded.trainOnBatch(xs, ys);
    expect(values(loaded)).toEqual(values(model));
    tf.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });

  it('leaks no tensors when saving and loading', async () => {
    const model = mlp();
    model.compile({ optimizer: new Adam(), loss: 'categoricalCrossentropy' });
    const [xs, ys] = [x(), y()];
    await model.trainOnBatch(xs, ys);
    await model.save(dir);
    (await loadModel(dir)).dispose();
    const before = tf.memory().numTensors;
    await model.save(dir);
    await model.saveWeights(join(dir, 'w'));
    await model.loadWeights(join(dir, 'w'));
    const loaded = await loadModel(dir);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('saveWeights / loadWeights and bad files', () => {
  async function savedWeights(): Promise<{ model: Sequential; path: string }> {
    const model = mlp();
    const path = join(dir, 'weights');
    await model.saveWeights(path);
    return { model, path };
  }

  it('restores weights into a model of the same architecture', async () => {
    const { model, path } = await savedWeights();
    expect(withHashPlaceholder(await readdir(path))).toEqual(['model.weights-<hash>.bin', 'model.weights.json']);
    const other = mlp();
    other.setWeights(other.weights.map((w) => tf.zeros(w.shape)));
    await other.loadWeights(path);
    expect(values(other)).toEqual(values(model));
    model.dispose();
    other.dispose();
  });

  it('pairs weights by position when the file names them differently', async () => {
    const { model, path } = await savedWeights();
    const manifestPath = join(path, 'model.weights.json');
    const json = JSON.parse(await readFile(manifestPath, 'utf8')) as ModelJson;
    json.weightsManifest[0]!.weights.forEach((spec, index) => {
      spec.name = `renamed_${index}`;
    });
    await writeFile(manifestPath, JSON.stringify(json));
    const other = mlp();
    await other.loadWeights(path);
    expect(values(other)).toEqual(values(model));
    model.dispose();
    other.dispose();
  });

  it('rejects a truncated weights file and leaves the model unchanged', async () => {
    const { model, path } = await savedWeights();
    await truncate(await weightsFileOf(path, 'model.weights.json'), 100);
    const target = mlp();
    const before = values(target);
    await expect(target.loadWeights(path)).rejects.toThrow(/has 100 bytes, but its manifest describes 268 bytes/);
    expect(values(target)).toEqual(before);
    model.dispose();
    target.dispose();
  });

  it('rejects a model with other shapes before assigning anything', async () => {
    const { model, path } = await savedWeights();
    const wider = new Sequential([new KerasDense({ units: 8, activation: 'relu', inputShape: [4] }), new KerasDense({ units: 5 })]);
    const smaller = new Sequential([new KerasDense({ units: 8, inputShape: [4] })]);
    const before = values(wider);
    await expect(wider.loadWeights(path)).rejects.toThrow(
      /dense_3\/kernel' of the model has shape \[8, 5\], but .* stores 'dense_1\/kernel' with shape \[8, 3\]/,
    );
    expect(values(wider)).toEqual(before);
    await expect(smaller.loadWeights(path)).rejects.toThrow(/holds 4 weight tensor\(s\).*but the model has 2/);
    model.dispose();
    wider.dispose();
    smaller.dispose();
  });

  it('names unknown layer classes, corrupt JSON and weights-only files', async () => {
    const model = mlp();
    await model.save(dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string }[] } } };
    json.modelTopology.config.layers[1]!.class_name = 'FancyDense';
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const before = tf.memory().numTensors;
    await expect(loadModel(dir)).rejects.toThrow(/Unknown layer class 'FancyDense'/);
    expect(tf.memory().numTensors).toBe(before);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": {');
    await expect(loadModel(dir)).rejects.toThrow(/is not valid JSON/);
    await model.saveWeights(join(dir, 'only'));
    await expect(loadModel(join(dir, 'only', 'model.weights.json'))).rejects.toThrow(/holds weights only/);
    await expect(loadModel(join(dir, 'missing'))).rejects.toThrow(/the path does not exist/);
    model.dispose();
  });

  it('leaves no temporary files and replaces an earlier save', async () => {
    const model = mlp();
    await model.save(dir);
    const first = await weightsFileOf(dir);
    model.setWeights(model.weights.map((w) => tf.ones(w.shape)));
    await model.save(dir);
    expect(withHashPlaceholder(await readdir(dir))).toEqual(['model.json', 'weights-<hash>.bin']);
    expect(await weightsFileOf(dir)).not.toBe(first);
    await model.save(dir);
    expect(withHashPlaceholder(await readdir(dir))).toEqual(['model.json', 'weights-<hash>.bin']);
    model.dispose();
  });
});
