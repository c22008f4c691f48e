import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adam } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasConcatenate, KerasDense, KerasDropout } from '../testing/keras-layers.test-utils.js';
import { loadModel } from './load-model.js';
import { weightsFileOf } from './saved-files.test-utils.js';

// tfjs-layers reads and writes through IOHandlers; these two stand in for tfjs-node's file:// handler.
async function tfjsLoadFromFiles(dir: string): Promise<tfl.LayersModel> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const weights = await readFile(await weightsFileOf(dir));
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
    manifest.flatMap((group) => group.weights),
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  ]);
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

async function tfjsSaveToFiles(model: tfl.LayersModel, dir: string, includeOptimizer = false): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const bytes = Array.isArray(data) ? Buffer.concat(data.map((part) => Buffer.from(part))) : Buffer.from(data as ArrayBuffer);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      await writeFile(join(dir, 'weights.bin'), bytes);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
}

const sample = () =>
  tf.tensor2d([
    [0.1, -0.2, 0.3, 0.5],
    [1, 0.5, -0.5, 0.25],
    [-0.3, 0.8, 0.1, -0.9],
  ]);

function expectSameOutputs(a: tf.Tensor | tf.Tensor[], b: tf.Tensor | tf.Tensor[]): void {
  const [x, y] = [a as tf.Tensor, b as tf.Tensor];
  const expected = Array.from(x.dataSync());
  expect(Array.from(y.dataSync())).toEqual(expected.map((value) => expect.closeTo(value, 6)));
  tf.dispose([x, y]);
}

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-tfjs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tfjs-layers reads keras-ts files', () => {
  it('loads a Dense/Dropout MLP with its Adam state and predicts the same', async () => {
    const model = new Sequential([
      new KerasDense({ units: 6, activation: 'relu', inputShape: [4] }),
      new KerasDropout({ rate: 0.3 }),
      new KerasDense({ units: 3, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const [xs, ys] = [
      sample(),
      tf.tensor2d([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ];
    await model.trainOnBatch(xs, ys);
    await model.save(dir);
    const theirs = await tfjsLoadFromFiles(dir);
    // The InputLayer entry (Keras 3 style) becomes an explicit layer in tfjs-layers.
    expect(theirs.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense']);
    expect(theirs.optimizer.getClassName()).toBe('Adam');
    expectSameOutputs(model.predict(xs), theirs.predict(xs));
    tf.dispose([xs, ys]);
    theirs.dispose();
    model.dispose();
  });

  it('loads a two-input functional model', async () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const hidden = new KerasDense({ units: 5, activation: 'tanh', name: 'hidden' }).apply(a) as never;
    const merged = new KerasConcatenate({ name: 'merge' }).apply([hidden, b]) as never;
    const model = new Model({ inputs: [a, b], outputs: new KerasDense({ units: 2, activation: 'sigmoid', name: 'out' }).apply(merged) as never });
    await model.save(dir, { includeOptimizer: false });
    const theirs = await tfjsLoadFromFiles(dir);
    expect(theirs.inputNames).toEqual(['a', 'b']);
    const inputs = [
      sample(),
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ];
    expectSameOutputs(model.predict(inputs), theirs.predict(inputs));
    tf.dispose(inputs);
    theirs.dispose();
    model.dispose();
  });
});

describe('keras-ts reads tfjs-layers files', () => {
  it('loads a Dense/Dropout MLP saved by tfjs-layers (weights matched by name)', async () => {
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }),
        tfl.layers.dropout({ rate: 0.3 }),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    await tfjsSaveToFiles(theirs, dir);
    const ours = await loadModel(dir);
    expect(ours).toBeInstanceOf(Sequential);
    expect(ours.layers.map((l) => l.name)).toEqual(theirs.layers.map((l) => l.name));
    const xs = sample();
    expectSameOutputs(theirs.predict(xs), ours.predict(xs));
    xs.dispose();
    theirs.dispose();
    ours.dispose();
  });

  it('loads a two-input functional model saved by tfjs-layers', async () => {
    const a = tfl.input({ shape: [4], name: 'a' });
    const b = tfl.input({ shape: [2], name: 'b' });
    const hidden = tfl.layers.dense({ units: 5, activation: 'tanh' }).apply(a) as tfl.SymbolicTensor;
    const merged = tfl.layers.concatenate().apply([hidden, b]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, activation: 'sigmoid' }).apply(merged) as tfl.SymbolicTensor;
    const theirs = tfl.model({ inputs: [a, b], outputs: out });
    await tfjsSaveToFiles(theirs, dir);
    const ours = await loadModel(dir);
    expect(ours.className).toBe('Functional');
    expect(ours.inputNames).toEqual(['a', 'b']);
    const inputs = [
      sample(),
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ];
    expectSameOutputs(theirs.predict(inputs), ours.predict(inputs));
    tf.dispose(inputs);
    theirs.dispose();
    ours.dispose();
  });
});
