import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';
import { standInModel } from '../testing/callback-model.test-utils.js';

describe('LearningRateScheduler', () => {
  it('sets the rate at each epoch start and fit records it as history.learning_rate', async () => {
    const model = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
    const optimizer = new SGD({ learningRate: 0.1 });
    model.compile({ optimizer, loss: 'mse' });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.tensor2d([[1], [0]]);
    const seen: [number, number][] = [];
    const schedule = (epoch: number, rate: number) => {
      seen.push([epoch, rate]);
      return epoch < 2 ? rate : rate * 0.5;
    };
    const history = await model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [new LearningRateScheduler(schedule)] });
    expect(seen).toEqual([
      [0, 0.1],
      [1, 0.1],
      [2, 0.1],
      [3, 0.05],
    ]);
    expect(history.history.learning_rate).toEqual([0.1, 0.1, 0.05, 0.025].map((v) => expect.closeTo(v, 12)));
    expect(optimizer.learningRate).toBeCloseTo(0.025, 12);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('prints like Keras and rejects a schedule that returns no number', () => {
    const lines: string[] = [];
    const model = { optimizer: { learningRate: 1 } };
    const ok = new LearningRateScheduler(() => 0.5, { verbose: 1, printFn: (l) => lines.push(l) });
    ok.setModel(standInModel(model));
    ok.onEpochBegin(4);
    expect(lines).toEqual(['\nEpoch 5: LearningRateScheduler setting learning rate to 0.5.']);
    const bad = new LearningRateScheduler(() => Number.NaN);
    bad.setModel(standInModel(model));
    expect(() => bad.onEpochBegin(0)).toThrow(/should be a finite number. Got: NaN at epoch 0/);
    const uncompiled = new LearningRateScheduler(() => 1);
    uncompiled.setModel(standInModel({ optimizer: undefined }));
    expect(() => uncompiled.onEpochBegin(0)).toThrow(/needs a compiled model with an optimizer/);
  });
});
