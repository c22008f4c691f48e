import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { BackupAndRestore } from './backup-and-restore.js';
import { Callback } from './callback.js';

function newModel(): Sequential {
  resetNameCounters();
  const model = new Sequential([new TestDense({ units: 3, inputShape: [2], activation: 'relu' }), new TestDense({ units: 1 })]);
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'mse' });
  return model;
}

const weightValues = (model: { getWeights(): tf.Tensor[] }) =>
  model.getWeights().map((t) => {
    const values = Array.from(t.dataSync());
    t.dispose();
    return values;
  });

/** Throws at the end of `epoch`, as a crash would, after recording the weights. */
class Interrupt extends Callback {
  weights: number[][] = [];
  constructor(private readonly epoch: number) {
    super();
  }
  override onEpochEnd(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.weights = weightValues(this.model);
    throw new Error('interrupted');
  }
}

let dir = '';
let x: tf.Tensor2D;
let y: tf.Tensor2D;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'keras-ts-backup-')), 'backup');
  x = tf.tensor2d([
    [1, 2],
    [3, 4],
    [0, 1],
    [2, -1],
  ]);
  y = tf.tensor2d([[1], [0], [2], [1]]);
});
afterEach(async () => {
  tf.dispose([x, y]);
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('BackupAndRestore', () => {
  it('backs up at each epoch end and restores weights, optimizer state and the epoch to resume at', async () => {
    const model = newModel();
    const interrupt = new Interrupt(2);
    await expect(model.fit(x, y, { epochs: 5, batchSize: 2, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(dir), interrupt] })).rejects.toThrow(
      'interrupted',
    );
    expect(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).userDefinedMetadata).toEqual({ keras_ts_backup: { epoch: 3 } });
    const iterations = model.optimizer!.iterations;
    expect(iterations).toBe(6);
    model.dispose();

    const fresh = newModel();
    const backup = new BackupAndRestore(dir);
    const resumeAt = vi.spyOn(fresh, 'setInitialEpoch');
    backup.setModel(fresh);
    await backup.onTrainBegin();
    expect(weightValues(fresh)).toEqual(interrupt.weights);
    expect(fresh.optimizer!.iterations).toBe(iterations);
    expect(resumeAt).toHaveBeenCalledWith(3);
    await backup.onTrainEnd();
    await expect(stat(dir)).rejects.toThrow();
    fresh.dispose();
  });

  it('does nothing at the start of a first run and rejects a bad directory', async () => {
    const model = newModel();
    const backup = new BackupAndRestore(dir, { deleteCheckpoint: false });
    const history = await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [backup] });
    expect(history.epoch).toEqual([0, 1]);
    expect(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).userDefinedMetadata).toEqual({ keras_ts_backup: { epoch: 2 } });
    expect(() => new BackupAndRestore('')).toThrow(/`backupDir` must be a non-empty directory path/);
    model.dispose();
  });

  it('resumes fit at the saved epoch and ends with the weights of an uninterrupted run', async () => {
    const reference = newModel();
    await reference.fit(x, y, { epochs: 5, batchSize: 2, shuffle: false, verbose: 0 });
    const expected = weightValues(reference);
    reference.dispose();

    const first = newModel();
    await expect(
      first.fit(x, y, { epochs: 5, batchSize: 2, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(dir), new Interrupt(2)] }),
    ).rejects.toThrow();
    first.dispose();
    const second = newModel();
    const history = await second.fit(x, y, { epochs: 5, batchSize: 2, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(dir)] });
    expect(history.epoch).toEqual([3, 4]);
    const actual = weightValues(second);
    expect(actual.flat()).toEqual(expected.flat().map((v) => expect.closeTo(v, 6)));
    second.dispose();
  });
});
