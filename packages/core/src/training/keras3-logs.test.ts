// Log key order, evaluate()'s list order and the classWeight/sampleWeight refusal, against what
// Keras 3.15.1 itself reported (src/__fixtures__/keras3/make-fidelity-fixtures.py wrote the JSON).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import fixtures from '../__fixtures__/keras3/fidelity.json' with { type: 'json' };
import { LearningRateScheduler } from '../callbacks/learning-rate-scheduler.js';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';

const x = () =>
  tf.tensor2d(
    Array.from({ length: 64 }, (_, i) => Math.sin(i)),
    [16, 4],
  );
const oneHot = () =>
  tf.tidy(() =>
    tf.cast(
      tf.oneHot(
        tf.tensor1d(
          Array.from({ length: 16 }, (_, i) => i % 3),
          'int32',
        ),
        3,
      ),
      'float32',
    ),
  );
const binary = () =>
  tf.tensor2d(
    Array.from({ length: 16 }, (_, i) => i % 2),
    [16, 1],
  );

/** The fixture's multi-output model: x(4) → Dense(8, relu) → [zeta Dense(3, softmax), alpha Dense(1, sigmoid)]. */
function multiOutput(): Model {
  const input = Input({ shape: [4], name: 'x' });
  const hidden = new KerasDense({ units: 8, activation: 'relu' }).apply(input);
  const zeta = new KerasDense({ units: 3, activation: 'softmax', name: 'zeta' }).apply(hidden);
  const alpha = new KerasDense({ units: 1, activation: 'sigmoid', name: 'alpha' }).apply(hidden);
  const model = new Model({ inputs: input, outputs: [zeta, alpha] });
  model.compile({ optimizer: 'rmsprop', loss: ['categoricalCrossentropy', 'binaryCrossentropy'], metrics: [['accuracy'], ['accuracy', 'mse']] });
  return model;
}

describe('Keras 3 log order', () => {
  beforeEach(() => resetNameCounters());

  it('sorts History keys (val_ among the rest) and appends learning_rate last', async () => {
    const model = multiOutput();
    const [xs, yz, ya] = [x(), oneHot(), binary()];
    const history = await model.fit(xs, [yz, ya], {
      epochs: 1,
      batchSize: 8,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [new LearningRateScheduler((_epoch, rate) => rate)],
    });
    expect(Object.keys(history.history)).toEqual(fixtures.multi_output_logs.history_keys);
    tf.dispose([xs, yz, ya]);
  });

  it('evaluate(): a sorted record with returnDict, the losses first then sorted names as a list', async () => {
    const model = multiOutput();
    const [xs, yz, ya] = [x(), oneHot(), binary()];
    const record = await model.evaluate(xs, [yz, ya], { verbose: 0, returnDict: true });
    expect(Object.keys(record)).toEqual(fixtures.multi_output_logs.evaluate_dict_keys);
    const list = (await model.evaluate(xs, [yz, ya], { verbose: 0 })) as number[];
    expect(list).toHaveLength(fixtures.multi_output_logs.evaluate_length);
    expect(list).toEqual(fixtures.multi_output_logs.evaluate_list_order.map((key) => record[key]));
    const batch = (await model.testOnBatch(xs, [yz, ya])) as number[];
    expect(batch).toEqual(list);
    tf.dispose([xs, yz, ya]);
  });

  it('one output: sorted History and record keys, metrics in compile order in the list', async () => {
    const model = new Sequential([Input({ shape: [4] }) as never, new KerasDense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['mse', 'accuracy'] });
    const [xs, ys] = [x(), oneHot()];
    const history = await model.fit(xs, ys, { epochs: 1, batchSize: 8, validationData: [xs, ys], verbose: 0 });
    expect(Object.keys(history.history)).toEqual(fixtures.single_output_logs.history_keys);
    const record = await model.evaluate(xs, ys, { verbose: 0, returnDict: true });
    expect(Object.keys(record)).toEqual(fixtures.single_output_logs.evaluate_dict_keys);
    const list = (await model.evaluate(xs, ys, { verbose: 0 })) as number[];
    expect(list).toEqual(fixtures.single_output_logs.evaluate_list_order.map((key) => record[key]));
    tf.dispose([xs, ys]);
  });

  it('refuses classWeight together with sampleWeight, in Keras 3 words, and leaves the weights alone', async () => {
    const model = new Sequential([Input({ shape: [4] }) as never, new KerasDense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const [xs, ys, weights] = [x(), oneHot(), tf.ones([16])];
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const keras = fixtures.class_and_sample_weight_error!;
    expect(keras.type).toBe('ValueError');
    const message = keras.message.replace('`class_weight`', '`classWeight`').replace('`sample_weight`', '`sampleWeight`');
    const attempt = model.fit(xs, ys, { sampleWeight: weights, classWeight: { 0: 1, 1: 2, 2: 1 }, epochs: 1, verbose: 0 });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toMatchObject({ name: 'ValueError' });
    expect(model.getWeights().map((w) => w.dataSync().slice())).toEqual(before);
    tf.dispose([xs, ys, weights]);
  });
});
