import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Callback } from '../callbacks/callback.js';
import { Input } from '../engine/input-layer.js';
import { Layer } from '../engine/layer.js';
import { Model } from '../models/model.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { NumericsError } from './check-numerics.js';

/** `log(x)`: −Infinity at 0 and NaN below, from finite inputs. */
class TestLog extends Layer {
  static override className = 'TestLog';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.log(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
}

function model(withLog = false): Model {
  const input = Input({ shape: [2], name: 'features' });
  let x = new TestDense({ units: 3, name: 'hidden' }).apply(input);
  if (withLog) x = new TestLog({ name: 'log' }).apply(x);
  const output = new TestDense({ units: 1, name: 'score' }).apply(x);
  const built = new Model({ inputs: input, outputs: output });
  built.compile({ optimizer: 'sgd', loss: 'mse' });
  return built;
}

function weightsOf(m: Model): number[][] {
  const weights = m.getWeights();
  const values = weights.map((w) => Array.from(w.dataSync()));
  tf.dispose(weights);
  return values;
}

/** Records the weights after each batch. */
class WeightRecorder extends Callback {
  readonly afterBatch: number[][][] = [];
  constructor(private readonly target: Model) {
    super();
  }
  override onTrainBatchEnd(): void {
    this.afterBatch.push(weightsOf(this.target));
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('checkNumerics', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('stops fit at the first batch with a NaN loss, naming it and the first non-finite layer, with that update not applied', async () => {
    const m = model();
    // Batch 2 (samples 2 and 3) holds a NaN feature.
    const x = tf.tensor2d([0.1, 0.2, 0.3, 0.4, Number.NaN, 0.6, 0.7, 0.8], [4, 2]);
    const y = tf.ones([4, 1]);
    const recorder = new WeightRecorder(m);
    const before = tf.memory().numTensors;
    const error = await rejection(m.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0, checkNumerics: true, callbacks: [recorder] }));
    expect(error).toBeInstanceOf(NumericsError);
    expect(error.message).toBe(
      "fit(): epoch 1, batch 2: the loss is NaN (checkNumerics). Model '" +
        m.name +
        "': input 'features' of the batch holds 1 NaN of its 4 values; " +
        "the first layer whose output is non-finite is 'hidden' (TestDense): 3 NaN of its 6 values. " +
        'The update of this batch was not applied: the weights and the optimizer state are as they were before it. ' +
        'Check the data for NaN or Infinity, or lower the learning rate (or clip gradients) if training diverged.',
    );
    expect(recorder.afterBatch).toHaveLength(1);
    expect(weightsOf(m)).toEqual(recorder.afterBatch[0]);
    expect(m.optimizer!.iterations).toBe(1);
    // The first step created the optimizer's state (one tensor); a second failing fit frees all it makes.
    expect(tf.memory().numTensors).toBe(before + 1);
    await expect(m.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0, checkNumerics: true })).rejects.toThrow(NumericsError);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(m.optimizer!.iterations).toBe(2);
    // Off (the default), the same data trains to NaN weights, as Keras does.
    await m.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0 });
    expect(weightsOf(m).flat().some(Number.isNaN)).toBe(true);
    tf.dispose([x, y]);
  });

  it('names a layer that makes finite inputs non-finite', async () => {
    const m = model(true);
    const x = tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, 2]);
    const y = tf.ones([2, 1]);
    // hidden's kernel starts at (0, 0.1, …, 0.5) and bias 0: its first unit is 0.2·x₂ ≥ 0, the
    // others too, so log meets 0 only where a product is 0 — make one: a zero sample.
    const zero = tf.zeros([2, 2]);
    const error = await rejection(m.fit(zero, y, { verbose: 0, checkNumerics: true }));
    expect(error).toBeInstanceOf(NumericsError);
    expect(error.message).toContain('fit(): epoch 1, batch 1: the loss is NaN (checkNumerics).');
    expect(error.message).toContain("the first layer whose output is non-finite is 'log' (TestLog): 6 ±Infinity of its 6 values");
    expect(error.message).not.toContain("input 'features'");
    tf.dispose([x, y, zero]);
  });

  it('blames the targets when every layer output is finite', async () => {
    const m = model();
    const x = tf.ones([2, 2]);
    const y = tf.tensor2d([1, Number.POSITIVE_INFINITY], [2, 1]);
    const before = weightsOf(m);
    const error = await rejection(m.trainOnBatch(x, y, { checkNumerics: true }));
    expect(error).toBeInstanceOf(NumericsError);
    expect(error.message).toContain(
      "trainOnBatch(): the loss is Infinity (checkNumerics). Model '" +
        m.name +
        "': the targets of output 'score' hold 1 ±Infinity of its 2 values; every layer output is finite, so the loss itself is not",
    );
    expect(weightsOf(m)).toEqual(before);
    expect(m.optimizer!.iterations).toBe(0);
    tf.dispose([x, y]);
  });

  it('is refused unless it is a boolean', async () => {
    const m = model();
    const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
    await expect(m.fit(x, y, { verbose: 0, checkNumerics: 'yes' as unknown as boolean })).rejects.toThrow(/checkNumerics/);
    tf.dispose([x, y]);
  });
});
