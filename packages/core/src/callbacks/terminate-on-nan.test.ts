import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { LambdaCallback } from './lambda-callback.js';
import { TerminateOnNaN } from './terminate-on-nan.js';
import { standInModel } from '../testing/callback-model.test-utils.js';

describe('TerminateOnNaN', () => {
  it('stops fit at the first batch whose loss is not finite', async () => {
    const model = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([
      [Number.NaN, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    const y = tf.tensor2d([[1], [2], [3], [4]]);
    const batches: number[] = [];
    const lines: string[] = [];
    const history = await model.fit(x, y, {
      epochs: 3,
      batchSize: 1,
      shuffle: false,
      verbose: 0,
      callbacks: [
        new TerminateOnNaN({ printFn: (l) => lines.push(l) }),
        new LambdaCallback({
          onTrainBatchBegin: (batch) => {
            batches.push(batch);
          },
        }),
      ],
    });
    expect(batches).toEqual([0]);
    expect(lines).toEqual(['Batch 0: Invalid loss, terminating training']);
    expect(Number.isNaN(history.history.loss![0]!)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('asks for train batch logs only and ignores finite losses', () => {
    const callback = new TerminateOnNaN();
    const model = { stopTraining: false };
    callback.setModel(standInModel(model));
    expect(callback.wantsBatchLogs(0, 'train')).toBe(true);
    expect(callback.wantsBatchLogs(0, 'test')).toBe(false);
    callback.onTrainBatchEnd(0, { loss: 3 });
    expect(model.stopTraining).toBe(false);
    callback.onTrainBatchEnd(1, { loss: Number.POSITIVE_INFINITY });
    expect(model.stopTraining).toBe(true);
  });
});
