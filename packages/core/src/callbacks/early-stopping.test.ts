import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';
import { standInModel } from '../testing/callback-model.test-utils.js';

/** A stand-in model whose single weight holds the number of the epoch that produced it. */
function fakeModel() {
  const model = {
    stopTraining: false,
    epochValue: 0,
    restored: [] as number[],
    getWeights: () => [tf.scalar(model.epochValue)],
    setWeights: (weights: tf.Tensor[]) => model.restored.push(weights[0]!.dataSync()[0]!),
  };
  return model;
}

/** Feeds `values` as epoch-end logs of `monitor`; returns the epoch after which the model was stopped (or -1). */
function run(callback: EarlyStopping, values: number[], monitor = 'val_loss') {
  const model = fakeModel();
  callback.setModel(standInModel(model));
  callback.onTrainBegin();
  let stoppedAfter = -1;
  for (const [epoch, value] of values.entries()) {
    model.epochValue = epoch;
    callback.onEpochEnd(epoch, { [monitor]: value });
    if (model.stopTraining) {
      stoppedAfter = epoch;
      break;
    }
  }
  callback.onTrainEnd();
  return { model, stoppedAfter };
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement (min mode inferred for val_loss)', () => {
    // best 1.0 → 0.9 at epoch 1; epochs 2 and 3 do not beat 0.9 → wait reaches 2 at epoch 3.
    expect(run(new EarlyStopping({ patience: 2 }), [1.0, 0.9, 0.95, 0.91, 0.92, 0.89]).stoppedAfter).toBe(3);
    // patience 0 stops at the first epoch without improvement (never at epoch 0).
    expect(run(new EarlyStopping(), [1.0, 1.0, 0.5]).stoppedAfter).toBe(1);
    expect(run(new EarlyStopping({ patience: 1 }), [3, 2, 1, 0.5]).stoppedAfter).toBe(-1);
  });

  it('needs an improvement larger than minDelta (max mode inferred for accuracy)', () => {
    // 0.505 - 0.01 is not above 0.5: no improvement; 0.52 - 0.01 would be.
    expect(run(new EarlyStopping({ monitor: 'val_accuracy', minDelta: 0.01, patience: 1 }), [0.5, 0.505, 0.52], 'val_accuracy').stoppedAfter).toBe(1);
    expect(run(new EarlyStopping({ monitor: 'val_accuracy', minDelta: 0.01, patience: 1 }), [0.5, 0.52, 0.54], 'val_accuracy').stoppedAfter).toBe(-1);
    expect(run(new EarlyStopping({ monitor: 'score', mode: 'max', patience: 1 }), [1, 0.5], 'score').stoppedAfter).toBe(1);
  });

  it('resets patience only when the baseline is beaten', () => {
    // Without a baseline epoch 0 resets patience, so it stops at epoch 2; with baseline 0.5 epoch 0
    // does not beat the baseline, patience keeps counting and it stops at epoch 1.
    expect(run(new EarlyStopping({ patience: 2 }), [0.8, 0.85, 0.9, 0.95]).stoppedAfter).toBe(2);
    expect(run(new EarlyStopping({ patience: 2, baseline: 0.5 }), [0.8, 0.85, 0.9]).stoppedAfter).toBe(1);
    expect(run(new EarlyStopping({ patience: 2, baseline: 0.5 }), [0.4, 0.45, 0.3]).stoppedAfter).toBe(-1);
  });

  it('ignores epochs before startFromEpoch', () => {
    expect(run(new EarlyStopping({ startFromEpoch: 3 }), [1, 2, 3, 4, 5]).stoppedAfter).toBe(4);
  });

  it('restores the best weights and prints Keras messages', () => {
    const lines: string[] = [];
    const { model, stoppedAfter } = run(
      new EarlyStopping({ patience: 2, restoreBestWeights: true, verbose: 1, printFn: (l) => lines.push(l) }),
      [1.0, 0.7, 0.8, 0.9],
    );
    expect(stoppedAfter).toBe(3);
    expect(model.restored).toEqual([1]);
    expect(lines).toEqual(['Epoch 4: early stopping', 'Restoring model weights from the end of the best epoch: 2.']);
  });

  it('leaks no snapshots and explains bad options', () => {
    const before = tf.memory().numTensors;
    run(new EarlyStopping({ patience: 1, restoreBestWeights: true }), [1, 0.5, 0.6, 0.7]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => run(new EarlyStopping({ monitor: 'val_custom' }), [1], 'val_custom')).toThrow(/isn't able to automatically determine.*Pass `mode: 'max'`/);
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/`patience` must be a non-negative integer, got -1/);
  });
});
