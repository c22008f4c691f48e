import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { LambdaCallback } from './lambda-callback.js';

describe('LambdaCallback', () => {
  it('calls the given hooks in order during fit and evaluate', async () => {
    const model = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = tf.tensor2d([[1], [0], [1]]);
    const events: string[] = [];
    const callback = new LambdaCallback({
      onTrainBegin: () => {
        events.push('train-begin');
      },
      onEpochBegin: (epoch) => {
        events.push(`epoch-begin ${epoch}`);
      },
      onTrainBatchEnd: (batch, logs) => {
        events.push(`batch ${batch} ${typeof logs?.loss}`);
      },
      onEpochEnd: async (epoch, logs) => {
        events.push(`epoch-end ${epoch} ${Object.keys(logs ?? {}).join(',')}`);
      },
      onTrainEnd: () => {
        events.push('train-end');
      },
      onTestEnd: (logs) => {
        events.push(`test-end ${Object.keys(logs ?? {}).join(',')}`);
      },
    });
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false, callbacks: [callback] });
    await model.evaluate(x, y, { verbose: 0, callbacks: [callback] });
    expect(events).toEqual([
      'train-begin',
      'epoch-begin 0',
      'batch 0 number',
      'batch 1 number',
      'epoch-end 0 loss',
      'epoch-begin 1',
      'batch 0 number',
      'batch 1 number',
      'epoch-end 1 loss',
      'train-end',
      'test-end loss',
    ]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('asks for batch logs only when a batch-end hook is given, and rejects unknown hooks', () => {
    expect(new LambdaCallback({ onEpochEnd: () => {} }).wantsBatchLogs(0, 'train')).toBe(false);
    expect(new LambdaCallback({ onTrainBatchEnd: () => {} }).wantsBatchLogs(0, 'train')).toBe(true);
    expect(() => new LambdaCallback({ onBatchEnd: () => {} } as never)).toThrow(/unknown hook 'onBatchEnd'/);
  });
});
