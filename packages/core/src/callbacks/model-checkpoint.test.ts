import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { withHashPlaceholder } from '../saving/saved-files.test-utils.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { standInModel } from '../testing/callback-model.test-utils.js';

function recorder() {
  const saved: string[] = [];
  return {
    saved,
    model: {
      save: async (path: string) => {
        saved.push(`model:${path}`);
      },
      saveWeights: async (path: string) => {
        saved.push(`weights:${path}`);
      },
    },
  };
}

describe('ModelCheckpoint', () => {
  it('fills the template with the 1-based epoch and log values', async () => {
    const { saved, model } = recorder();
    const callback = new ModelCheckpoint('ckpt-{epoch:02d}-{val_loss:.2f}');
    callback.setModel(standInModel(model));
    await callback.onEpochEnd(0, { val_loss: 0.6789 });
    await callback.onEpochEnd(9, { val_loss: 0.1 });
    expect(saved).toEqual(['model:ckpt-01-0.68', 'model:ckpt-10-0.10']);
    expect(() => new ModelCheckpoint('w-{accuracy:.3f}').filePathFor(0, undefined, { loss: 1 })).toThrow(/no value for 'accuracy'/);
  });

  it('with saveBestOnly saves only improvements of the monitored value', async () => {
    const { saved, model } = recorder();
    const lines: string[] = [];
    const callback = new ModelCheckpoint('best', { saveBestOnly: true, saveWeightsOnly: true, verbose: 1, printFn: (l) => lines.push(l) });
    callback.setModel(standInModel(model));
    for (const [epoch, value] of [0.5, 0.6, 0.4, 0.4].entries()) await callback.onEpochEnd(epoch, { val_loss: value });
    expect(saved).toEqual(['weights:best', 'weights:best']);
    expect(lines).toEqual([
      '\nEpoch 1: val_loss improved from inf to 0.50000, saving model to best',
      '\nEpoch 2: val_loss did not improve from 0.50000',
      '\nEpoch 3: val_loss improved from 0.50000 to 0.40000, saving model to best',
      '\nEpoch 4: val_loss did not improve from 0.40000',
    ]);
    const maxCallback = new ModelCheckpoint('acc', { monitor: 'val_acc', saveBestOnly: true });
    const other = recorder();
    maxCallback.setModel(standInModel(other.model));
    for (const [epoch, value] of [0.5, 0.4, 0.7].entries()) await maxCallback.onEpochEnd(epoch, { val_acc: value });
    expect(other.saved).toHaveLength(2);
  });

  it('with an integer saveFreq saves every that many batches across epochs', async () => {
    const { saved, model } = recorder();
    const callback = new ModelCheckpoint('ckpt-{epoch:02d}-{batch:03d}', { saveFreq: 2 });
    callback.setModel(standInModel(model));
    const wanted: string[] = [];
    for (const [epoch, batches] of [
      [0, 5],
      [1, 3],
    ] as const) {
      callback.onEpochBegin(epoch);
      for (let batch = 0; batch < batches; batch++) {
        if (callback.wantsBatchLogs(batch, 'train')) wanted.push(`${epoch}:${batch}`);
        await callback.onTrainBatchEnd(batch, { loss: 1 });
      }
      await callback.onEpochEnd(epoch, { loss: 1 });
    }
    // Batches seen: e0 b1 (2), b3 (4); then e0 b4 + e1 b0 (2 more), e1 b2.
    expect(saved).toEqual(['model:ckpt-01-002', 'model:ckpt-01-004', 'model:ckpt-02-001', 'model:ckpt-02-003']);
    expect(wanted).toEqual(['0:1', '0:3', '1:0', '1:2']);
    expect(() => new ModelCheckpoint('x', { saveFreq: 0 })).toThrow(/unrecognized `saveFreq`: 0/);
  });

  it('writes loadable checkpoints during fit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keras-ts-ckpt-'));
    const model = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [0, 1],
    ]);
    const y = tf.tensor2d([[1], [0], [2]]);
    const history = await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, 'ckpt-{epoch:02d}-{loss:.3f}'))] });
    const expected = history.history.loss!.map((loss, epoch) => `ckpt-0${epoch + 1}-${loss.toFixed(3)}`);
    expect((await readdir(dir)).sort()).toEqual(expected);
    expect(withHashPlaceholder(await readdir(join(dir, expected[1]!)))).toEqual(['model.json', 'weights-<hash>.bin']);
    tf.dispose([x, y]);
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });
});
