import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it } from 'vitest';
import { Callback, type Logs } from '../callbacks/callback.js';
import { NotCompiledError } from '../errors/errors.js';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestConcat, TestDense } from '../testing/layers.test-utils.js';

function twoClassData(n: number): { x: tf.Tensor2D; y: tf.Tensor2D; labels: tf.Tensor1D } {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 37) % 100) / 50 - 1;
    const b = ((i * 61) % 100) / 50 - 1;
    xs.push([a, b]);
    ys.push(a + b > 0 ? [0, 1] : [1, 0]);
  }
  return {
    x: tf.tensor2d(xs),
    y: tf.tensor2d(ys),
    labels: tf.tensor1d(
      ys.map((row) => row[1]!),
      'int32',
    ),
  };
}

describe('fit / evaluate / predict', () => {
  beforeEach(() => {
    resetNameCounters();
    setRandomSeed(1);
  });

  it('applies one SGD step exactly as computed by hand (MSE, one Dense unit)', async () => {
    const model = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.tensor2d([[1], [0]]);
    // W = [[0], [0.1]], b = 0 → predictions [0.2, 0.4]; errors e = [-0.8, 0.4].
    const loss = await model.trainOnBatch(x, y);
    expect(loss).toBeCloseTo((0.8 ** 2 + 0.4 ** 2) / 2, 6);
    // dL/dW = (2/n) Σ e_i x_i = [(-0.8·1 + 0.4·3), (-0.8·2 + 0.4·4)] = [0.4, 0]; dL/db = (-0.8 + 0.4) = -0.4
    const [kernel, bias] = model.getWeights();
    expect(Array.from(kernel!.dataSync())).toEqual([expect.closeTo(0 - 0.1 * 0.4, 6), expect.closeTo(0.1 - 0, 6)]);
    expect(bias!.dataSync()[0]).toBeCloseTo(0.04, 6);
    tf.dispose([x, y, kernel!, bias!]);
  });

  it('trains, logs Keras keys, validates on the held-out tail, and leaks nothing', async () => {
    const { x, y } = twoClassData(200);
    const model = new Sequential([new TestDense({ units: 8, inputShape: [2], activation: 'relu' }), new TestDense({ units: 2, activation: 'softmax' })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 }); // creates optimizer slots and metric state
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.epoch).toEqual([...Array(15).keys()]);
    const losses = history.history.loss!;
    expect(losses[14]!).toBeLessThan(losses[0]!);
    expect(history.history.accuracy![14]!).toBeGreaterThan(0.9);
    const evaluation = (await model.evaluate(x, y, { verbose: 0 })) as number[];
    expect(evaluation).toHaveLength(2);
    const predictions = model.predict(x, { batchSize: 64 }) as tf.Tensor;
    expect(predictions.shape).toEqual([200, 2]);
    // evaluate's accuracy equals accuracy computed here from predict over all the data.
    const predicted = tf.argMax(predictions, -1).dataSync();
    const truth = tf.argMax(y, -1).dataSync();
    const correct = Array.from(predicted).filter((p, i) => p === truth[i]).length;
    expect(evaluation[1]).toBeCloseTo(correct / 200, 5);
    tf.dispose([x, y, predictions]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('gives the epoch-exact loss: evaluate equals the mean of per-sample losses', async () => {
    const { x, y } = twoClassData(50);
    const model = new Sequential([new TestDense({ units: 2, inputShape: [2], activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const loss = (await model.evaluate(x, y, { batchSize: 16, verbose: 0 })) as number;
    const p = model.predict(x) as tf.Tensor;
    const expected = tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1))).dataSync()[0]!);
    expect(loss).toBeCloseTo(expected, 5);
    tf.dispose([x, y, p]);
  });

  it('accepts arrays and name-keyed objects for a two-input, two-output model and names logs per output', async () => {
    const a = Input({ shape: [2], name: 'left' });
    const b = Input({ shape: [2], name: 'right' });
    const merged = new TestConcat().apply([a, b]) as never;
    const out1 = new TestDense({ units: 1, name: 'score', activation: 'sigmoid' }).apply(merged) as never;
    const out2 = new TestDense({ units: 2, name: 'kind', activation: 'softmax' }).apply(merged) as never;
    const model = new Model({ inputs: [a, b], outputs: [out1, out2] });
    model.compile({ optimizer: 'sgd', loss: ['binaryCrossentropy', 'categoricalCrossentropy'], lossWeights: [0.5, 2], metrics: ['accuracy'] });
    const { x, y, labels } = twoClassData(40);
    const score = tf.reshape(tf.cast(labels, 'float32'), [40, 1]);
    const asArrays = (await model.evaluate([x, x], [score, y], { verbose: 0, returnDict: true })) as Logs;
    const asDict = (await model.evaluate({ left: x, right: x }, { score, kind: y }, { verbose: 0, returnDict: true })) as Logs;
    expect(asDict).toEqual(asArrays);
    expect(Object.keys(asArrays)).toEqual(['kind_accuracy', 'kind_loss', 'loss', 'score_accuracy', 'score_loss']); // Keras 3 sorts log keys
    expect(asArrays.loss).toBeCloseTo(0.5 * asArrays.score_loss! + 2 * asArrays.kind_loss!, 5);
    await expect(model.fit({ left: x }, [score, y], { verbose: 0 })).rejects.toThrow(/missing keys \[right\].*Expected the input names: left, right/);
    await expect(model.fit({ left: x, right: x, extra: x }, [score, y], { verbose: 0 })).rejects.toThrow(/unexpected keys \[extra\]/);
    tf.dispose([x, y, labels, score]);
  });

  it('calls callbacks with Keras hooks and stops on stopTraining', async () => {
    const { x, y } = twoClassData(64);
    const model = new Sequential([new TestDense({ units: 2, inputShape: [2], activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const events: string[] = [];
    class Recorder extends Callback {
      override onTrainBegin() {
        events.push('trainBegin');
      }
      override onEpochEnd(epoch: number, logs?: Logs) {
        events.push(`epochEnd ${epoch} ${typeof logs?.loss}`);
        if (epoch === 1) this.model.stopTraining = true;
      }
      override onTrainBatchEnd(batch: number, logs?: Logs) {
        if (batch === 0) events.push(`batch0 ${typeof logs?.loss}`);
      }
      override onTrainEnd() {
        events.push('trainEnd');
      }
    }
    const history = await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0, callbacks: [new Recorder()] });
    expect(events).toEqual(['trainBegin', 'batch0 number', 'epochEnd 0 number', 'batch0 number', 'epochEnd 1 number', 'trainEnd']);
    expect(history.epoch).toEqual([0, 1]);
    tf.dispose([x, y]);
  });

  it('reports bad input clearly and leaves the model usable', async () => {
    const model = new Sequential([new TestDense({ units: 2, inputShape: [4], activation: 'softmax' })]);
    const x = tf.ones([10, 4]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
    await expect(model.fit(x, y)).rejects.toThrow(NotCompiledError);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const short = tf.ones([9, 2]);
    await expect(model.fit(x, short, { verbose: 0 })).rejects.toThrow(/`x` has 10 samples but `y` has 9/);
    const wide = tf.ones([10, 5]);
    await expect(model.fit(wide, y, { verbose: 0 })).rejects.toThrow(/expects data of shape \(None, 4\).*\[10, 5\]/);
    const images = tf.ones([10, 2, 2]);
    await expect(model.fit(images, y, { verbose: 0 })).rejects.toThrow(/add a Flatten layer/);
    const labels = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 'int32');
    await expect(model.fit(x, labels, { verbose: 0 })).rejects.toThrow(/sparseCategoricalCrossentropy.*toCategorical\(y, 2\)/);
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const outOfRange = tf.tensor1d([0, 1, 2, 1, 0, 1, 0, 1, 0, 1], 'int32');
    const weightsBefore = model.getWeights();
    await expect(model.fit(x, outOfRange, { verbose: 0 })).rejects.toThrow(/label value of 2 .*valid range of \[0, 2\)/);
    const weightsAfter = model.getWeights();
    weightsBefore.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(weightsAfter[i]!.dataSync())));
    await expect(model.fit(tf.ones([0, 4]), tf.ones([0]), { verbose: 0 })).rejects.toThrow(/empty/);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'nope' })).toThrow(/Unknown loss 'nope'/);
    expect(() => model.compile({ optimizer: 'nope', loss: 'mse' })).toThrow(/nope/);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['nope'] })).toThrow(/nope/);
    const history = await model.fit(x, labels, { verbose: 0, epochs: 2 });
    expect(history.history.loss).toHaveLength(2);
    tf.dispose([x, y, short, wide, images, labels, outOfRange, ...weightsBefore, ...weightsAfter]);
  });
});

describe('compile', () => {
  it('frees the optimizer it created from a name when compiled again', async () => {
    const model = new Sequential([new TestDense({ units: 2, inputShape: [2], activation: 'softmax' })]);
    const x = tf.ones([4, 2]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { verbose: 0 });
    const settled = tf.memory().numTensors;
    model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { verbose: 0 });
    expect(tf.memory().numTensors).toBe(settled);
    // A user's optimizer is not disposed by recompiling.
    const mine = new SGD({ learningRate: 0.1, momentum: 0.9 });
    model.compile({ optimizer: mine, loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { verbose: 0 });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    expect(mine.getWeights().length).toBeGreaterThan(1);
    tf.dispose([x, y]);
  });

  it('builds a deferred Sequential used as a layer', () => {
    const inner = new Sequential([new TestDense({ units: 3 })]);
    inner.maybeBuild([null, 5]);
    expect(inner.outputs[0]!.shape).toEqual([null, 3]);
    expect(inner.countParams()).toBe(5 * 3 + 3);
  });
});

describe('validationFreq and weighted metrics', () => {
  it('validates every validationFreq epochs (counting from epoch 1, as Keras)', async () => {
    const { x, y } = twoClassData(40);
    const model = new Sequential([new TestDense({ units: 2, inputShape: [2], activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const seen: string[][] = [];
    class Keys extends Callback {
      override onEpochEnd(_epoch: number, logs?: Logs) {
        seen.push(Object.keys(logs ?? {}));
      }
    }
    await model.fit(x, y, { epochs: 4, verbose: 0, validationData: [x, y], validationFreq: 2, callbacks: [new Keys()] });
    expect(seen.map((keys) => keys.includes('val_loss'))).toEqual([false, true, false, true]);
    tf.dispose([x, y]);
  });

  it('weighs weightedMetrics by sampleWeight (checked by hand)', async () => {
    const model = new Sequential([new TestDense({ units: 2, inputShape: [2], activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 2],
    ]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    const sampleWeight = tf.tensor1d([1, 3, 0.5, 2]);
    const logs = (await model.evaluate(x, y, { sampleWeight, verbose: 0, returnDict: true })) as Logs;
    const predicted = Array.from(tf.argMax(model.predict(x) as tf.Tensor, -1).dataSync());
    const truth = [0, 1, 1, 0];
    const weights = [1, 3, 0.5, 2];
    const plain = predicted.filter((p, i) => p === truth[i]).length / 4;
    const weighted = predicted.reduce((sum, p, i) => sum + (p === truth[i] ? weights[i]! : 0), 0) / weights.reduce((a, b) => a + b, 0);
    expect(logs.accuracy).toBeCloseTo(plain, 6);
    expect(logs.weighted_accuracy).toBeCloseTo(weighted, 6);
    tf.dispose([x, y, sampleWeight]);
  });
});
