import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { ModelBusyError, ModelDisposedError } from './training-errors.js';

function model(name = 'm'): Sequential {
  const m = new Sequential([new TestDense({ units: 4, inputShape: [2], activation: 'relu' }), new TestDense({ units: 2, activation: 'softmax' })], { name });
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function data() {
  const x = tf.tensor2d(Array.from({ length: 16 }, (_, i) => [Math.sin(i), Math.cos(2 * i)]));
  const y = tf.tensor1d(
    Array.from({ length: 16 }, (_, i) => i % 2),
    'int32',
  );
  return { x, y };
}

const options = { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 as const };

/** The losses and weights of a fit that ran alone, to compare interrupted runs with. */
async function reference(): Promise<{ loss: number[]; evaluation: number[] }> {
  const m = model('reference');
  const { x, y } = data();
  const history = await m.fit(x, y, options);
  const evaluation = (await m.evaluate(x, y, { verbose: 0 })) as number[];
  tf.dispose([x, y]);
  m.dispose();
  return { loss: history.history.loss!, evaluation };
}

describe('one call at a time', () => {
  beforeEach(() => {
    resetNameCounters();
    setRandomSeed(5);
  });

  it('refuses a second fit or an evaluate while fit runs, naming the running call; the first fit is unaffected', async () => {
    const expected = await reference();
    const m = model();
    const { x, y } = data();
    const first = m.fit(x, y, options);
    await expect(m.fit(x, y, options)).rejects.toThrow(ModelBusyError);
    await expect(m.evaluate(x, y, { verbose: 0 })).rejects.toThrow("Model 'm' is running fit(); evaluate() cannot start until it finishes.");
    expect(() => m.testOnBatch(x, y)).toThrow(ModelBusyError);
    await expect(m.trainOnBatch(x, y)).rejects.toThrow(/running fit\(\); trainOnBatch\(\) cannot start/);
    expect(() => m.compile({ optimizer: 'sgd', loss: 'mse' })).toThrow(/running fit\(\); compile\(\) cannot start/);
    const history = await first;
    expect(history.history.loss).toEqual(expected.loss);
    // Once fit has settled the model takes calls again.
    expect(await m.evaluate(x, y, { verbose: 0 })).toEqual(expected.evaluation);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('lets predict run between the batches of a fit, and refuses evaluate from a callback', async () => {
    const expected = await reference();
    const m = model();
    const { x, y } = data();
    const refusals: string[] = [];
    let predictions = 0;
    const probe = new LambdaCallback({
      onTrainBatchEnd: async () => {
        const output = m.predict(x) as tf.Tensor;
        predictions += output.shape[0]!;
        output.dispose();
        await m.evaluate(x, y, { verbose: 0 }).catch((error: Error) => refusals.push(error.name));
      },
    });
    const history = await m.fit(x, y, { ...options, callbacks: [probe] });
    expect(history.history.loss).toEqual(expected.loss);
    expect(predictions).toBe(16 * 8 * 3);
    expect(new Set(refusals)).toEqual(new Set(['ModelBusyError']));
    tf.dispose([x, y]);
    m.dispose();
  });

  it('releases the model after a fit that failed', async () => {
    const m = model();
    const { x, y } = data();
    await expect(m.fit(x, y, { ...options, batchSize: 0 })).rejects.toThrow(/batchSize/);
    const failing = new LambdaCallback({
      onEpochEnd: () => {
        throw new Error('callback failed');
      },
    });
    await expect(m.fit(x, y, { ...options, callbacks: [failing] })).rejects.toThrow('callback failed');
    await expect(m.fit(x, y, options)).resolves.toBeDefined();
    tf.dispose([x, y]);
    m.dispose();
  });

  it('stops a fit whose model is disposed at the next batch boundary and frees everything', async () => {
    const { x, y } = data();
    const baseline = tf.memory().numTensors;
    const m = model('doomed');
    let batches = 0;
    const counter = new LambdaCallback({
      onTrainBatchEnd: () => {
        batches++;
      },
    });
    const running = m.fit(x, y, { ...options, epochs: 50, callbacks: [counter] });
    while (batches < 3) await new Promise((resolve) => setTimeout(resolve, 0));
    m.dispose();
    const seen = batches;
    const error = await running.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelDisposedError);
    expect((error as Error).message).toMatch(/^Model 'doomed' was disposed during fit\(\), which stopped at the next batch boundary \(epoch 1, batch \d+\)\./);
    expect(batches).toBe(seen);
    expect(m.isCompiled).toBe(false);
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose([x, y]);
  });

  it('stops an evaluate whose model is disposed from a callback', async () => {
    const { x, y } = data();
    const baseline = tf.memory().numTensors;
    const m = model('gone');
    const disposer = new LambdaCallback({
      onTestBatchEnd: (batch) => {
        if (batch === 1) m.dispose();
      },
    });
    await expect(m.evaluate(x, y, { batchSize: 2, verbose: 0, callbacks: [disposer] })).rejects.toThrow(/Model 'gone' was disposed during evaluate\(\)/);
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose([x, y]);
  });
});
