import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetNameCounters } from '../../engine/naming.js';
import { Sequential } from '../../models/sequential.js';
import { KerasDense, KerasDropout } from '../../testing/keras-layers.test-utils.js';
import { loadModel } from '../load-model.js';
import { ModelFormatError } from '../model-format-error.js';
import { FIXTURES, PREDICT_WITH_WEIGHTS, fixtureInputs, noKeras, readFixture, runKeras } from './fixture.test-utils.js';
import { withH5File } from './h5.js';
import { kerasSnakeCase, kerasVarsGroups } from './weights-h5.js';

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-h5-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The fixture's `mlp` model (seed 002's shape), built in keras-ts. */
function mlp(): Sequential {
  return new Sequential([
    new KerasDense({ units: 16, activation: 'relu', inputShape: [12] }),
    new KerasDropout({ rate: 0.2 }),
    new KerasDense({ units: 16, activation: 'relu' }),
    new KerasDropout({ rate: 0.2 }),
    new KerasDense({ units: 4, activation: 'softmax' }),
  ]);
}

async function datasetPaths(bytes: Uint8Array): Promise<string[]> {
  return withH5File(bytes, 'test', (file) => file.datasets.map((info) => `${info.path} [${info.shape.join(',')}]`));
}

function predictionOf(model: Sequential, inputs: tf.Tensor[]): number[] {
  return tf.tidy(() => Array.from((model.predict(inputs[0]!) as tf.Tensor).dataSync()));
}

describe('Keras 3 .weights.h5', () => {
  it("names paths as Keras's to_snake_case does", () => {
    expect(['Dense', 'Conv1D', 'GlobalMaxPooling1D', 'LSTM', 'SimpleRNN', 'MaxPooling2D', 'InputLayer', 'Functional'].map(kerasSnakeCase)).toEqual([
      'dense',
      'conv1d',
      'global_max_pooling1d',
      'lstm',
      'simple_rnn',
      'max_pooling2d',
      'input_layer',
      'functional',
    ]);
    expect(kerasVarsGroups(mlp()).map((group) => `${group.path}:${group.weights.length}`)).toEqual([
      'vars:0',
      'layers/dense/vars:2',
      'layers/dropout/vars:0',
      'layers/dense_1/vars:2',
      'layers/dropout_1/vars:0',
      'layers/dense_2/vars:2',
    ]);
  });

  it("loads Keras's weights: predictions equal Keras's", async () => {
    const fixture = readFixture('mlp');
    const model = mlp();
    const inputs = fixtureInputs(fixture);
    const before = tf.memory().numTensors;
    await model.loadWeights(`${FIXTURES}mlp.weights.h5`);
    expect(tf.memory().numTensors).toBe(before);
    const predicted = predictionOf(model, inputs);
    predicted.forEach((value, index) => expect(Math.abs(value - fixture.prediction.values[index]!)).toBeLessThanOrEqual(1e-5));
    tf.dispose(inputs);
    model.dispose();
  });

  it("saves Keras's layout and reads it back identically", async () => {
    const model = mlp();
    await model.loadWeights(`${FIXTURES}mlp.weights.h5`);
    const path = join(dir, 'mlp.weights.h5');
    const before = tf.memory().numTensors;
    await model.saveWeights(path);
    expect(tf.memory().numTensors).toBe(before);
    const ours = await readFile(path);
    const keras = await readFile(`${FIXTURES}mlp.weights.h5`);
    // The same datasets as Keras's file, less the optimizer's (saveWeights stores the model's only).
    expect(await datasetPaths(ours)).toEqual((await datasetPaths(keras)).filter((entry) => !entry.startsWith('optimizer/')));
    const copy = mlp();
    await copy.loadWeights(path);
    copy.weights.forEach((weight, index) => expect(weight.variable.arraySync()).toEqual(model.weights[index]!.variable.arraySync()));
    model.dispose();
    copy.dispose();
  });

  it('refuses a different architecture, a corrupt file and extra weights, leaving the model as it was', async () => {
    const wider = new Sequential([new KerasDense({ units: 17, activation: 'relu', inputShape: [12] }), new KerasDense({ units: 4 })]);
    const short = new Sequential([new KerasDense({ units: 16, inputShape: [12] })]);
    const target = mlp();
    const initial = wider.weights.map((weight) => weight.variable.arraySync());
    const before = tf.memory().numTensors;
    await expect(wider.loadWeights(`${FIXTURES}mlp.weights.h5`)).rejects.toThrow(/'layers\/dense\/vars\/0' with shape \[12, 16\]/);
    await expect(short.loadWeights(`${FIXTURES}mlp.weights.h5`)).rejects.toThrow(/no place for: 'layers\/dense_1\/vars\/0'/);
    const keras = await readFile(`${FIXTURES}mlp.weights.h5`);
    await writeFile(join(dir, 'cut.weights.h5'), keras.subarray(0, keras.length - 3000));
    await expect(target.loadWeights(join(dir, 'cut.weights.h5'))).rejects.toThrow(ModelFormatError);
    await writeFile(join(dir, 'junk.weights.h5'), new Uint8Array(100));
    await expect(target.loadWeights(join(dir, 'junk.weights.h5'))).rejects.toThrow(/junk.weights.h5': (is not a readable HDF5 file|is corrupt or truncated)/);
    expect(tf.memory().numTensors).toBe(before);
    expect(wider.weights.map((weight) => weight.variable.arraySync())).toEqual(initial);
    for (const model of [wider, short, target]) model.dispose();
  });

  it('routes by extension and says what is not supported', async () => {
    const model = mlp();
    await expect(loadModel(`${FIXTURES}mlp.weights.h5`)).rejects.toThrow(/weights only .*loadWeights/);
    await expect(model.save(join(dir, 'x.weights.h5'))).rejects.toThrow(/use model.saveWeights/);
    await expect(model.saveWeights(join(dir, 'x.keras'))).rejects.toThrow(/model.save\(\) for a .keras file/);
    await expect(model.save(join(dir, 'old.h5'))).rejects.toThrow(/reads Keras's legacy full-model .h5 files but does not write them/);
    await expect(loadModel(join(dir, 'missing.hdf5'))).rejects.toThrow(/missing.hdf5/);
    model.dispose();
  });

  it.skipIf(noKeras !== undefined)(
    `real Keras loads keras-ts's .weights.h5 and predicts the same${noKeras === undefined ? '' : ` (skipped: ${noKeras})`}`,
    async () => {
      const fixture = readFixture('mlp');
      const model = mlp(); // the stand-ins' own deterministic initial weights, unlike Keras's
      const path = join(dir, 'ours.weights.h5');
      await model.saveWeights(path);
      const inputs = fixtureInputs(fixture);
      const ours = predictionOf(model, inputs);
      const theirs = runKeras(PREDICT_WITH_WEIGHTS, [`${FIXTURES}mlp.keras`, path, `${FIXTURES}mlp.json`]) as number[];
      expect(theirs.length).toBe(ours.length);
      theirs.forEach((value, index) => expect(Math.abs(value - ours[index]!)).toBeLessThanOrEqual(1e-5));
      tf.dispose(inputs);
      model.dispose();
    },
    120_000,
  );
});
