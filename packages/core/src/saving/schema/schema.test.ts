import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValueError } from '../../errors/errors.js';
import { Layer, type LayerConfig } from '../../engine/layer.js';
import { resetNameCounters } from '../../engine/naming.js';
import { registerLayerClass } from '../../engine/registry.js';
import { Sequential } from '../../models/sequential.js';
import { KerasDense } from '../../testing/keras-layers.test-utils.js';
import { loadModel } from '../load-model.js';
import { ModelFormatError } from '../model-format-error.js';

/** A layer whose constructor fails the way hand-written layer code fails on a value it did not expect. */
class BrittleLayer extends Layer {
  static override className = 'BrittleLayer';
  constructor(config: LayerConfig & { factor?: unknown }) {
    super(config);
    (config.factor as { toFixed(): string }).toFixed();
  }
}
registerLayerClass(BrittleLayer);

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-schema-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Artifacts = tf.io.ModelArtifacts & { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };

/** In-memory artifacts of a compiled two-Dense Sequential (layers[0] is the InputLayer). */
async function artifacts(): Promise<Artifacts> {
  const model = new Sequential([new KerasDense({ units: 4, activation: 'relu', inputShape: [3] }), new KerasDense({ units: 2 })]);
  model.compile({ optimizer: new Adam(), loss: 'mse' });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (result) => {
      saved = result;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return structuredClone(saved!) as Artifacts;
}

const FROM_MEMORY = 'the model artifacts passed in';

/** `loadModel(source)` fails with exactly `message` (a ModelFormatError), and leaves no tensor or variable behind. */
async function expectRefused(source: Parameters<typeof loadModel>[0], message: string | RegExp): Promise<ModelFormatError> {
  const tensors = tf.memory().numTensors;
  const variables = Object.keys(tf.engine().registeredVariables).length;
  const error = await loadModel(source).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelFormatError);
  expect(error).toBeInstanceOf(ValueError);
  if (typeof message === 'string') expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
  return error as ModelFormatError;
}

describe('the model-file schema', () => {
  it('names the field path of a wrong type, before any layer is built', async () => {
    const bad = await artifacts();
    bad.modelTopology.config.layers[1]!.config.activation = 7;
    const error = await expectRefused(
      bad,
      `${FROM_MEMORY}: modelTopology.config.layers[1].config.activation: expected a string or {class_name, config}, got 7.`,
    );
    expect(error.field).toBe('modelTopology.config.layers[1].config.activation');
    const initializer = await artifacts();
    initializer.modelTopology.config.layers[2]!.config.kernel_initializer = { config: {} };
    await expectRefused(
      initializer,
      `${FROM_MEMORY}: modelTopology.config.layers[2].config.kernel_initializer: expected a string or {class_name, config}, got an object {config}.`,
    );
    const units = await artifacts();
    units.modelTopology.config.layers[2]!.config.units = '2';
    await expectRefused(units, `${FROM_MEMORY}: modelTopology.config.layers[2].config.units: expected a positive integer, got '2'.`);
    const shape = await artifacts();
    shape.modelTopology.config.layers[0]!.config.batch_input_shape = [null, -3];
    await expectRefused(shape, `${FROM_MEMORY}: modelTopology.config.layers[0].config.batch_input_shape[1]: expected a non-negative integer or null, got -3.`);
  });

  it('refuses unknown weight dtypes, bad shapes and weight data of the wrong size', async () => {
    const dtype = await artifacts();
    dtype.weightSpecs![0]!.dtype = 'float64' as never;
    await expectRefused(dtype, `${FROM_MEMORY}: weightSpecs[0].dtype: expected one of 'float32', 'int32', 'bool', 'complex64', got 'float64'.`);
    const layerDtype = await artifacts();
    layerDtype.modelTopology.config.layers[1]!.config.dtype = 'float64';
    await expectRefused(layerDtype, `${FROM_MEMORY}: modelTopology.config.layers[1].config.dtype: expected one of 'float32', 'int32', 'bool', got 'float64'.`);
    const shape = await artifacts();
    shape.weightSpecs![1]!.shape = [2 ** 53];
    await expectRefused(shape, `${FROM_MEMORY}: weightSpecs[1].shape[0]: expected a non-negative integer dimension, got ${2 ** 53}.`);
    const data = await artifacts();
    data.weightData = 5 as never;
    await expectRefused(data, `${FROM_MEMORY}: weightData: expected an ArrayBuffer, got 5.`);
    const short = await artifacts();
    short.weightData = (short.weightData as ArrayBuffer).slice(4);
    await expectRefused(short, /^the model artifacts passed in: weightData: has \d+ bytes, but the \d+ weight entries describe \d+ bytes\./);
  });

  it('refuses nesting deeper than 64 levels and reference cycles without overflowing the stack', async () => {
    const deep = await artifacts();
    let nested: unknown[] = [];
    for (let level = 0; level < 100_000; level++) nested = [nested];
    deep.modelTopology.config.layers[1]!.config.name = nested as never;
    await expectRefused(deep, /^the model artifacts passed in: modelTopology(\.\w+|\[\d+\])+: nests arrays and objects more than 64 levels deep/);
    const cyclic = await artifacts();
    (cyclic.modelTopology.config.layers[1]!.config as Record<string, unknown>).loop = cyclic.modelTopology;
    await expectRefused(cyclic, /nests arrays and objects more than 64 levels deep \(or refers to itself\)/);
  });

  it('names unknown layer classes with the registered ones and where to get them', async () => {
    const unknown = await artifacts();
    unknown.modelTopology.config.layers[1]!.class_name = 'FancyDense';
    const error = await expectRefused(
      unknown,
      /^the model artifacts passed in: modelTopology\.config\.layers\[1\]\.class_name: Unknown layer class 'FancyDense'\. Registered layers: .*Dense.*\. Import the package that defines it \(e\.g\. @keras-ts\/layers\)/,
    );
    expect(error.field).toBe('modelTopology.config.layers[1].class_name');
  });

  it('checks model.json files the same way, naming the file and the manifest field', async () => {
    const model = new Sequential([new KerasDense({ units: 2, inputShape: [3] })]);
    await model.save(dir);
    model.dispose();
    const path = join(dir, 'model.json');
    const original = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & { weightsManifest: unknown[] };
    await writeFile(path, JSON.stringify({ ...original, weightsManifest: [null] }));
    await expectRefused(dir, `'${path}': weightsManifest[0]: expected a group { paths, weights }, got null.`);
    await writeFile(path, JSON.stringify({ ...original, weightsManifest: [{ paths: [7], weights: [] }] }));
    await expectRefused(dir, `'${path}': weightsManifest[0].paths[0]: expected a non-empty file name, got 7.`);
    await writeFile(path, JSON.stringify({ ...original, trainingConfig: { loss: 5, optimizer_config: { class_name: 'Adam' } } }));
    await expectRefused(
      dir,
      `'${path}': trainingConfig.loss: expected a name such as 'mse', or a list / output-keyed record of names, got 5. Load the model with { compile: false } and compile it yourself.`,
    );
    await writeFile(path, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    await expectRefused(dir, /^'.*model\.json': (\[0\])+: nests arrays and objects more than 64 levels deep/);
  });
});

describe('a failed load', () => {
  it('refuses a layer size the weights cannot have before allocating it', async () => {
    const huge = await artifacts();
    huge.modelTopology.config.layers[1]!.config.units = 100_000_000;
    await expectRefused(
      huge,
      `${FROM_MEMORY}: layer 'dense' would create the weight 'kernel' with shape [3, 100000000], but the largest tensor in the file has 12 values. The topology and the weights do not belong together (or a size in the layer config is corrupt).`,
    );
  });

  it('disposes what it built when the weights, the training config or a layer constructor fail', async () => {
    const shapes = await artifacts();
    shapes.modelTopology.config.layers[2]!.config.units = 3;
    const tensors = tf.memory().numTensors;
    await expect(loadModel(shapes)).rejects.toThrow(/has shape \[4, 3\], but .* stores 'dense_1\/kernel' with shape \[4, 2\]/);
    expect(tf.memory().numTensors).toBe(tensors);
    const loss = await artifacts();
    (loss.trainingConfig as unknown as Record<string, unknown>).loss = 'nope';
    await expect(loadModel(loss)).rejects.toThrow(ValueError);
    expect(tf.memory().numTensors).toBe(tensors);
    const brittle = await artifacts();
    brittle.modelTopology.config.layers.push({ class_name: 'BrittleLayer', config: { name: 'brittle' } });
    const error = await expectRefused(
      brittle,
      /^the model artifacts passed in: Building the model from modelTopology failed \(TypeError: .*toFixed.*\)\. The file is corrupt, or was written for layers with other options\.$/,
    );
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(TypeError);
  });
});
