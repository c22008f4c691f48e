import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotCompiledError, ShapeError, ValueError } from '../errors/errors.js';
import { Input } from '../engine/input-layer.js';
import { Layer } from '../engine/layer.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import { resetNameCounters } from '../engine/naming.js';
import type { Shape } from '../engine/types.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestConcat, TestDense, constantInit } from '../testing/layers.test-utils.js';
import type { Trainer } from './trainer.js';

/** A stateful layer like a stateful RNN: its state holds a fixed batch, other batches are refused mid-step. */
class TestStateful extends Layer {
  static override className = 'TestStateful';
  readonly stateful = true;
  private state?: LayerWeight;
  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    this.state = this.addWeight('state', [shape[0] ?? 1, shape[1]!], constantInit(0.5), { trainable: false });
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.shape[0] !== this.state!.shape[0]) throw new ShapeError(`stateful batch ${this.state!.shape[0]}, got ${x.shape[0]}`);
    return tf.add(x, this.state!.variable);
  }
}

/** Everything a refused call must leave as it was: tensor count, weight values, optimizer state. */
function snapshot(model: Trainer) {
  const numTensors = tf.memory().numTensors;
  const read = (tensors: tf.Tensor[]) =>
    tensors.map((t) => {
      const values = Array.from(t.dataSync());
      t.dispose();
      return values;
    });
  return { numTensors, weights: read(model.getWeights()), optimizer: read(model.optimizer?.getWeights() ?? []), compiled: model.isCompiled };
}

/** Runs `call`, expects it to throw `errorClass` with `message`, and the model to be exactly as before. */
async function expectRefused(model: Trainer, call: () => unknown, errorClass: new (...args: never[]) => Error, message: RegExp): Promise<void> {
  const before = snapshot(model);
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${errorClass.name} matching ${message}`).toBeInstanceOf(errorClass);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(model)).toEqual(before);
}

const x = () => tf.tensor2d(Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5, 1]));
const labels = (values = Array.from({ length: 10 }, (_, i) => i % 3)) => tf.tensor1d(values, 'int32');

describe('validate, then train: a refused call leaves the model exactly as it was', () => {
  beforeEach(() => {
    resetNameCounters();
    setRandomSeed(7);
  });

  it('refuses every bad fit, evaluate, predict and …OnBatch before touching weights, optimizer or metric state', async () => {
    const model = new Sequential([new TestDense({ units: 8, inputShape: [4], activation: 'relu' }), new TestDense({ units: 3, activation: 'softmax' })]);
    const features = x();
    const ids = labels([...Array(10).keys()].map((i) => i % 3));
    const inputs = tf.slice(features, 0, 10);
    await expectRefused(model, () => model.fit(inputs, ids, { verbose: 0 }), NotCompiledError, /compile\(\) before fit\(\)/);
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    // One good fit first, so optimizer slots and metric state exist and must survive unchanged.
    await model.fit(inputs, ids, { epochs: 1, batchSize: 4, verbose: 0 });

    const oneHot = tf.oneHot(ids, 3);
    const wide = tf.ones([10, 5]);
    const nine = labels([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const outOfRange = labels([0, 1, 2, 3, 1, 2, 0, 1, 2, 0]);
    const negative = labels([0, 1, 2, -1, 1, 2, 0, 1, 2, 0]);
    const fractional = tf.tensor1d([0, 1, 2, 0.5, 1, 2, 0, 1, 2, 0]);
    const strings = tf.tensor2d([['a', 'b', 'c', 'd']], [1, 4], 'string');
    const nanWeights = tf.tensor1d([1, 1, 1, Number.NaN, 1, 1, 1, 1, 1, 1]);
    const badWeights = tf.ones([10, 5]);
    const nineWeights = tf.ones([9]);
    const emptyX = tf.zeros([0, 4]);
    const emptyY = labels([]);
    const fitOptions = { verbose: 0 as const };
    const cases: [string, () => unknown, new (...args: never[]) => Error, RegExp][] = [
      [
        'validationData without targets',
        () => model.fit(inputs, ids, { ...fitOptions, validationData: [inputs] as never }),
        ValueError,
        /`validationData` must be \[x, y\].*targets are missing/,
      ],
      [
        'validationData of the wrong width',
        () => model.fit(inputs, ids, { ...fitOptions, validationData: [wide, ids] }),
        ShapeError,
        /`validationData.x` has shape \[10, 5\]/,
      ],
      [
        'validationData labels out of range',
        () => model.fit(inputs, ids, { ...fitOptions, validationData: [inputs, outOfRange] }),
        ValueError,
        /label value of 3 .*`validationData.y`/,
      ],
      [
        'validationData sample mismatch',
        () => model.fit(inputs, ids, { ...fitOptions, validationData: [inputs, nine] }),
        ValueError,
        /`validationData.x` has 10 samples but `validationData.y` has 9/,
      ],
      [
        'validationSplit 1.5',
        () => model.fit(inputs, ids, { ...fitOptions, validationSplit: 1.5 }),
        ValueError,
        /`validationSplit` must be a fraction in \[0, 1\).*got 1.5/,
      ],
      [
        'validationSplit and validationData',
        () => model.fit(inputs, ids, { ...fitOptions, validationSplit: 0.2, validationData: [inputs, ids] }),
        ValueError,
        /either `validationSplit` or `validationData`/,
      ],
      ['sample-count mismatch', () => model.fit(inputs, nine, fitOptions), ValueError, /`x` has 10 samples but `y` has 9/],
      ['wrong feature size', () => model.fit(wide, ids, fitOptions), ShapeError, /expects data of shape \(None, 4\), but `x` has shape \[10, 5\]/],
      ['labels out of range', () => model.fit(inputs, outOfRange, fitOptions), ValueError, /label value of 3 .*valid range of \[0, 3\)/],
      ['negative labels', () => model.fit(inputs, negative, fitOptions), ValueError, /label value of -1/],
      ['fractional labels', () => model.fit(inputs, fractional, fitOptions), ValueError, /label value of 0.5 .*must be integers/],
      ['one-hot targets with sparse crossentropy', () => model.fit(inputs, oneHot, fitOptions), ShapeError, /look one-hot.*'categoricalCrossentropy'/],
      ['a string tensor', () => model.predict(strings), ValueError, /string tensor/],
      ['NaN sample weights', () => model.fit(inputs, ids, { ...fitOptions, sampleWeight: nanWeights }), ValueError, /sample weights must be finite/],
      [
        'sample weights of the wrong shape',
        () => model.fit(inputs, ids, { ...fitOptions, sampleWeight: badWeights }),
        ShapeError,
        /one weight per sample, shape \[10\]/,
      ],
      ['sample weights for 9 samples', () => model.fit(inputs, ids, { ...fitOptions, sampleWeight: nineWeights }), ValueError, /`sampleWeight` has 9/],
      [
        'negative class weight',
        () => model.fit(inputs, ids, { ...fitOptions, classWeight: { 0: -1 } }),
        ValueError,
        /classWeight\[0\]` must be a non-negative number/,
      ],
      [
        'class weight for a class the output lacks',
        () => model.fit(inputs, ids, { ...fitOptions, classWeight: { 5: 2 } }),
        ValueError,
        /has class 5, but the model's output has 3 classes/,
      ],
      ['batchSize 0', () => model.fit(inputs, ids, { ...fitOptions, batchSize: 0 }), ValueError, /`batchSize` must be a positive integer, got 0/],
      ['epochs 1.5', () => model.fit(inputs, ids, { ...fitOptions, epochs: 1.5 }), ValueError, /`epochs` must be a positive integer/],
      ['a snake_case option', () => model.fit(inputs, ids, { ...fitOptions, batch_size: 4 } as never), ValueError, /unknown option\(s\) 'batch_size'/],
      ['empty data', () => model.fit(emptyX, emptyY, fitOptions), ValueError, /empty/],
      ['evaluate without targets', () => model.evaluate(inputs, undefined as never, fitOptions), ValueError, /`y` \(the targets\) is missing/],
      ['evaluate with labels out of range', () => model.evaluate(inputs, outOfRange, fitOptions), ValueError, /label value of 3/],
      ['predict on the wrong width', () => model.predict(wide), ShapeError, /expects data of shape \(None, 4\)/],
      ['predict with batchSize -1', () => model.predict(inputs, { batchSize: -1 }), ValueError, /`batchSize` must be a positive integer/],
      ['trainOnBatch with one-hot targets', () => model.trainOnBatch(inputs, oneHot), ShapeError, /look one-hot/],
      ['testOnBatch with labels out of range', () => model.testOnBatch(inputs, outOfRange), ValueError, /label value of 3/],
    ];
    for (const [name, call, errorClass, message] of cases) {
      await expectRefused(model, call, errorClass, message).catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
    const history = await model.fit(inputs, ids, { epochs: 3, batchSize: 4, verbose: 0, validationData: [inputs, ids] });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    expect(history.history.val_accuracy).toHaveLength(3);
    tf.dispose([features, ids, inputs, oneHot, wide, nine, outOfRange, negative, fractional, strings, nanWeights, badWeights, nineWeights, emptyX, emptyY]);
    model.dispose();
  });

  it('refuses categorical targets of the wrong kind or width, and dict data with missing or extra keys', async () => {
    const left = Input({ shape: [2], name: 'left' });
    const right = Input({ shape: [2], name: 'right' });
    const merged = new TestConcat().apply([left, right]) as never;
    const kind = new TestDense({ units: 3, name: 'kind', activation: 'softmax' }).apply(merged) as never;
    const model = new Model({ inputs: [left, right], outputs: kind });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const half = tf.ones([6, 2]);
    const ids = labels([0, 1, 2, 0, 1, 2]);
    const oneHot = tf.oneHot(ids, 3);
    await model.fit({ left: half, right: half }, oneHot, { verbose: 0 });
    const twoColumns = tf.ones([6, 2]);
    await expectRefused(model, () => model.fit({ left: half }, oneHot, { verbose: 0 }), ValueError, /missing keys \[right\]/);
    await expectRefused(model, () => model.fit({ left: half, right: half, extra: half }, oneHot, { verbose: 0 }), ValueError, /unexpected keys \[extra\]/);
    await expectRefused(model, () => model.fit([half, half], ids, { verbose: 0 }), ShapeError, /look like integer labels.*toCategorical\(y, 3\)/);
    await expectRefused(
      model,
      () => model.fit([half, half], twoColumns, { verbose: 0 }),
      ShapeError,
      /has 3 classes, but its targets \(`y`\) have 2 per sample/,
    );
    const history = await model.fit({ left: half, right: half }, oneHot, { epochs: 2, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    tf.dispose([half, ids, oneHot, twoColumns]);
    model.dispose();
  });

  it('refuses a stateful model 18 samples in batches of 4, and batches its state was not built for, before any step', async () => {
    const model = new Sequential([new TestStateful({ batchInputShape: [4, 3] }), new TestDense({ units: 2, activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const eighteen = tf.ones([18, 3]);
    const targets = labels(Array.from({ length: 18 }, (_, i) => i % 2));
    const sixteen = tf.ones([16, 3]);
    const sixteenTargets = labels(Array.from({ length: 16 }, (_, i) => i % 2));
    await model.fit(sixteen, sixteenTargets, { batchSize: 4, shuffle: false, verbose: 0 });
    await expectRefused(
      model,
      () => model.fit(eighteen, targets, { batchSize: 4, verbose: 0 }),
      ValueError,
      /In a stateful network, you should only pass inputs with a number of samples that can be divided by the batch size\. Found: 18 samples in `x` with batch size 4 \(stateful layer\(s\): 'test_stateful'\)\. Pass 16 or 20 samples\./,
    );
    await expectRefused(model, () => model.fit(sixteen, sixteenTargets, { batchSize: 8, verbose: 0 }), ValueError, /state holds 4 samples.*Pass batchSize: 4/);
    await expectRefused(
      model,
      () => model.fit(sixteen, sixteenTargets, { batchSize: 4, verbose: 0, validationData: [eighteen, targets] }),
      ValueError,
      /Found: 18 samples in `validation data`/,
    );
    await expectRefused(model, () => model.evaluate(eighteen, targets, { batchSize: 4, verbose: 0 }), ValueError, /Found: 18 samples/);
    await expectRefused(model, () => model.predict(eighteen, { batchSize: 4 }), ValueError, /Found: 18 samples/);
    await expectRefused(model, () => model.trainOnBatch(sixteen, sixteenTargets), ValueError, /Pass batchSize: 4/);
    // As Keras 3: 4 samples with the default batchSize (32) are one batch of 4, which the state fits.
    const four = tf.ones([4, 3]);
    const prediction = model.predict(four) as tf.Tensor;
    expect(prediction.shape).toEqual([4, 2]);
    const fourLabels = labels([0, 1, 0, 1]);
    await expect(model.evaluate(four, fourLabels, { verbose: 0 })).resolves.toEqual(expect.any(Number));
    tf.dispose([four, fourLabels, prediction]);
    const history = await model.fit(sixteen, sixteenTargets, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0, validationSplit: 0.5 });
    expect(history.history.val_loss).toHaveLength(2);
    tf.dispose([eighteen, targets, sixteen, sixteenTargets]);
    model.dispose();
  });

  it('refuses a bad first batch of a batch source before any step, and frees its tensors', async () => {
    const model = new Sequential([new TestDense({ units: 3, inputShape: [4], activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const good = () => [tf.ones([2, 4]), labels([0, 2])] as [tf.Tensor, tf.Tensor];
    async function* source(first: () => [tf.Tensor, tf.Tensor]) {
      yield first();
      yield good();
    }
    await model.fit(source(good), { verbose: 0 });
    await expectRefused(
      model,
      () =>
        model.fit(
          source(() => [tf.ones([2, 4]), labels([0, 7])]),
          { verbose: 0 },
        ),
      ValueError,
      /label value of 7 .*`x batch 0 \(y\)`/,
    );
    await expectRefused(
      model,
      () =>
        model.fit(
          source(() => tf.tidy(() => [tf.ones([2, 4]), tf.oneHot(labels([0, 1]), 3)])),
          { verbose: 0 },
        ),
      ShapeError,
      /look one-hot/,
    );
    await expectRefused(
      model,
      () => model.fit(source(good), { verbose: 0, validationData: source(() => [tf.ones([2, 5]), labels([0, 1])]) }),
      ShapeError,
      /`validationData batch 0` has shape \[2, 5\]/,
    );
    await expectRefused(
      model,
      () =>
        model.evaluate(
          source(() => [tf.ones([2, 4])] as never),
          { verbose: 0 },
        ),
      ValueError,
      /must be \[x, y\] or \[x, y, sampleWeight\]/,
    );
    const history = await model.fit(source(good), { verbose: 0, epochs: 1 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});
