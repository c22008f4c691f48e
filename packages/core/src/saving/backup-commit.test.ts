// BackupAndRestore's files: the epoch count commits inside model.json with the weights, backups
// in the earlier layout (training_metadata.json beside model.json) still resume, and a backup
// with a bad epoch is refused before any weight changes.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_METADATA_KEY, BackupAndRestore } from '../callbacks/backup-and-restore.js';
import { ValueError } from '../errors/errors.js';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { saveModel } from './save-model.js';
import { withHashPlaceholder } from './saved-files.test-utils.js';

function compiled(offset: number): Sequential {
  resetNameCounters();
  const model = new Sequential([new KerasDense({ units: 3, inputShape: [2] })]);
  model.compile({ optimizer: new Adam(), loss: 'mse' });
  const values = model.weights.map((weight) => tf.fill(weight.shape, offset));
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

const firstValue = (model: Sequential) => {
  const [kernel, ...rest] = model.getWeights();
  const value = kernel!.dataSync()[0]!;
  tf.dispose([kernel!, ...rest]);
  return value;
};

let dir = '';
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'keras-ts-backup-commit-')), 'backup');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('BackupAndRestore files', () => {
  it('commits the epoch inside model.json, with no separate metadata file', async () => {
    const model = compiled(1);
    const backup = new BackupAndRestore(dir);
    backup.setModel(model);
    await backup.onEpochEnd(4);
    expect(withHashPlaceholder(await readdir(dir))).toEqual(['model.json', 'weights-<hash>.bin']);
    expect(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).userDefinedMetadata).toEqual({ [BACKUP_METADATA_KEY]: { epoch: 5 } });
    model.dispose();
  });

  it('resumes a backup in the earlier layout and moves its epoch into model.json at the next save', async () => {
    const saved = compiled(2);
    await saveModel(saved, join(dir, 'model.json'), { includeOptimizer: true });
    saved.dispose();
    await writeFile(join(dir, 'training_metadata.json'), JSON.stringify({ epoch: 2 }));
    const model = compiled(0);
    const resumeAt = vi.spyOn(model, 'setInitialEpoch');
    const backup = new BackupAndRestore(dir);
    backup.setModel(model);
    await backup.onTrainBegin();
    expect(resumeAt).toHaveBeenCalledWith(2);
    expect(firstValue(model)).toBe(2);
    await backup.onEpochEnd(2);
    expect(withHashPlaceholder(await readdir(dir))).toEqual(['model.json', 'weights-<hash>.bin']);
    expect(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).userDefinedMetadata).toEqual({ [BACKUP_METADATA_KEY]: { epoch: 3 } });
    model.dispose();
  });

  it('refuses a backup without a valid epoch before changing any weight', async () => {
    const saved = compiled(2);
    await saveModel(saved, join(dir, 'model.json'), { includeOptimizer: true }, { [BACKUP_METADATA_KEY]: { epoch: -1 } });
    const model = compiled(0);
    const backup = new BackupAndRestore(dir);
    backup.setModel(model);
    await expect(backup.onTrainBegin()).rejects.toThrow(ValueError);
    await expect(backup.onTrainBegin()).rejects.toThrow(
      /userDefinedMetadata\.keras_ts_backup\.epoch\) has no valid "epoch" \(got -1\); delete '.*backup' to start over/,
    );
    expect(firstValue(model)).toBe(0);
    await saveModel(saved, join(dir, 'model.json'), { includeOptimizer: true });
    await expect(backup.onTrainBegin()).rejects.toThrow(/has no valid "epoch" \(got undefined\)/);
    saved.dispose();
    model.dispose();
  });

  it('starts from scratch when no save was committed (a crash during the first one)', async () => {
    await mkdir(dir);
    await writeFile(join(dir, 'weights-0123456789abcdef.bin'), new Uint8Array(36));
    await writeFile(join(dir, 'model.json.tmp-4194305-0badf00d'), '{}');
    const model = compiled(0);
    const resumeAt = vi.spyOn(model, 'setInitialEpoch');
    const backup = new BackupAndRestore(dir);
    backup.setModel(model);
    await backup.onTrainBegin();
    expect(resumeAt).not.toHaveBeenCalled();
    model.dispose();
  });
});
