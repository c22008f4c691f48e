import { platform } from '#platform';
import { ValueError } from '../errors/errors.js';
import { type FileSystem, requireFiles } from '../platform/platform.js';
import { restoreTrainingState } from '../saving/save-model.js';
import { Callback } from './callback.js';

/** Options for {@link BackupAndRestore}. */
export interface BackupAndRestoreOptions {
  /** Delete the backup when training finishes normally. Default: true. */
  deleteCheckpoint?: boolean;
}

/**
 * Makes `fit` resumable after an interruption. At each epoch end it saves the model, the
 * optimizer state and the number of finished epochs to `backupDir`. When `fit` starts and a
 * backup exists, it restores weights and optimizer state and makes `fit` continue at the saved
 * epoch (through `model.setInitialEpoch`, which `fit` reads after `onTrainBegin`). When training
 * ends normally the backup is deleted. Needs Node (files); in a browser the constructor throws a
 * PlatformError.
 */
export class BackupAndRestore extends Callback {
  readonly deleteCheckpoint: boolean;
  private readonly files: FileSystem;

  constructor(
    /** Directory for the backup; use a different one for each model trained at the same time. */
    readonly backupDir: string,
    options: BackupAndRestoreOptions = {},
  ) {
    super();
    if (typeof backupDir !== 'string' || backupDir.length === 0) {
      throw new ValueError(`BackupAndRestore: \`backupDir\` must be a non-empty directory path, got ${JSON.stringify(backupDir)}.`);
    }
    this.deleteCheckpoint = options.deleteCheckpoint ?? true;
    this.files = requireFiles(
      platform.files,
      "BackupAndRestore writes files and needs Node. In a browser save checkpoints with new ModelCheckpoint('indexeddb://my-model'), then resume with loadModel('indexeddb://my-model') and fit's `initialEpoch`.",
    );
  }

  private get modelPath(): string {
    return this.files.join(this.backupDir, 'model.json');
  }

  private get metadataPath(): string {
    return this.files.join(this.backupDir, 'training_metadata.json');
  }

  override async onTrainBegin(): Promise<void> {
    const exists = (await this.files.stat(this.metadataPath))?.isFile === true;
    if (!exists) return;
    const text = await this.files.readText(this.metadataPath);
    let epoch: unknown;
    try {
      epoch = (JSON.parse(text) as { epoch?: unknown }).epoch;
    } catch {
      throw new ValueError(`BackupAndRestore: '${this.metadataPath}' is not valid JSON; delete the backup directory '${this.backupDir}' to start over.`);
    }
    if (!Number.isInteger(epoch) || (epoch as number) < 0) {
      throw new ValueError(`BackupAndRestore: '${this.metadataPath}' has no valid "epoch" (got ${JSON.stringify(epoch)}); delete '${this.backupDir}' to start over.`);
    }
    await restoreTrainingState(this.model, this.modelPath);
    this.model.setInitialEpoch(epoch as number);
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    await this.files.mkdir(this.backupDir);
    await this.model.save(this.modelPath, { includeOptimizer: true });
    // The epoch count is written after the model, so a backup is never ahead of its weights.
    await this.files.writeAtomically([{ path: this.metadataPath, data: JSON.stringify({ epoch: epoch + 1 }) }]);
  }

  override async onTrainEnd(): Promise<void> {
    // Training stopped early by a callback (stopTraining) also counts as finished, as in Keras.
    if (this.deleteCheckpoint) await this.files.remove(this.backupDir);
  }
}
