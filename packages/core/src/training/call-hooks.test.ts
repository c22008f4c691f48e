import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Callback, type Logs } from '../callbacks/callback.js';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { ValueError } from '../errors/errors.js';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';

function model(): Sequential {
  const m = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

describe('hooks of fit, evaluate and predict', () => {
  beforeEach(() => resetNameCounters());

  it('predict throws what a predict hook throws, leaks nothing, and refuses a hook that returns a Promise', () => {
    const m = model();
    const x = tf.ones([5, 2]);
    const before = tf.memory().numTensors;
    const throwing = new LambdaCallback({
      onPredictEnd: () => {
        throw new Error('onPredictEnd failed');
      },
    });
    expect(() => m.predict(x, { batchSize: 2, callbacks: [throwing] })).toThrow('onPredictEnd failed');
    expect(tf.memory().numTensors).toBe(before);
    const midway = new LambdaCallback({
      onPredictBatchEnd: (batch) => {
        if (batch === 1) throw new Error('batch 1 failed');
      },
    });
    expect(() => m.predict(x, { batchSize: 2, callbacks: [midway] })).toThrow('batch 1 failed');
    expect(tf.memory().numTensors).toBe(before);
    // A rejected Promise from a predict hook would otherwise be an unhandled rejection after predict returned.
    const asynchronous = new LambdaCallback({
      onPredictEnd: async () => {
        throw new Error('too late');
      },
    });
    expect(() => m.predict(x, { callbacks: [asynchronous] })).toThrow(ValueError);
    expect(() => m.predict(x, { callbacks: [asynchronous] })).toThrow(/onPredictEnd returned a Promise, but predict\(\) is synchronous/);
    expect(tf.memory().numTensors).toBe(before);
    const output = m.predict(x, { callbacks: [new LambdaCallback({ onPredictEnd: () => undefined })] }) as tf.Tensor;
    expect(output.shape).toEqual([5, 1]);
    tf.dispose([x, output]);
    m.dispose();
  });

  it('evaluate and fit await their hooks and reject with their errors', async () => {
    const m = model();
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    const order: string[] = [];
    const slow = new LambdaCallback({
      onTestBegin: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('onTestBegin done');
      },
      onTestBatchBegin: () => {
        order.push('batch');
      },
    });
    await m.evaluate(x, y, { batchSize: 4, verbose: 0, callbacks: [slow] });
    expect(order).toEqual(['onTestBegin done', 'batch']);
    const rejecting = new LambdaCallback({
      onTestEnd: async () => {
        throw new Error('onTestEnd failed');
      },
    });
    await expect(m.evaluate(x, y, { verbose: 0, callbacks: [rejecting] })).rejects.toThrow('onTestEnd failed');
    await expect(
      m.fit(x, y, {
        verbose: 0,
        callbacks: [
          new LambdaCallback({
            onTrainEnd: async () => {
              throw new Error('onTrainEnd failed');
            },
          }),
        ],
      }),
    ).rejects.toThrow('onTrainEnd failed');
    await expect(m.evaluate(x, y, { verbose: 0 })).resolves.toBeTypeOf('number');
    tf.dispose([x, y]);
    m.dispose();
  });

  it('gives callbacks a typed model: history, optimizer, weights, and the epoch to resume at', async () => {
    const m = model();
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    const seen: string[] = [];
    class Resume extends Callback {
      override onTrainBegin(): void {
        this.model.setInitialEpoch(2);
        seen.push(`rate ${this.model.optimizer?.learningRate}`);
      }
      override onEpochBegin(epoch: number): void {
        seen.push(`epoch ${epoch}`);
      }
      override onEpochEnd(_epoch: number, logs?: Logs): void {
        const weights = this.model.getWeights();
        seen.push(`weights ${weights.length}, history ${this.model.history === undefined ? 'none' : 'set'}, loss ${typeof logs?.loss}`);
        tf.dispose(weights);
      }
    }
    const history = await m.fit(x, y, { epochs: 4, verbose: 0, callbacks: [new Resume()] });
    expect(seen).toEqual(['rate 0.01', 'epoch 2', 'weights 2, history set, loss number', 'epoch 3', 'weights 2, history set, loss number']);
    expect(history.epoch).toEqual([2, 3]);
    expect(m.history).toBe(history);
    // The resume epoch lives for one fit only.
    const next = await m.fit(x, y, { epochs: 1, verbose: 0 });
    expect(next.epoch).toEqual([0]);
    expect(() => m.setInitialEpoch(-1)).toThrow(/non-negative integer/);
    expect(() => new Callback().model).toThrow(/not attached to a model yet/);
    tf.dispose([x, y]);
    m.dispose();
  });
});
