import { platform } from '#platform';
import { ValueError } from '../errors/errors.js';
import { type FileSystem, requireFiles } from '../platform/platform.js';
import { restoreTrainingState, saveModel } from '../saving/save-model.js';
import { Callback } from './callback.js';

/** The `userDefinedMetadata` key of a backup's model.json that holds `{ epoch }` (finished epochs). */
export const BACKUP_METADATA_KEY = 'keras_ts_backup';

/** Options for {@link BackupAndRestore}. */
export interface BackupAndRestoreOptions {
  /** Delete the backup when training finishes normally. Default: true. */
  deleteCheckpoint?: boolean;
}

/**
 * Makes `fit` resumable after an interruption. At each epoch end it saves the model, the
 * optimizer state and the number of finished epochs to `backupDir`, in one commit (the epoch
 * count sits in model.json's `userDefinedMetadata`, so it never runs ahead of or behind the
 * weights). When `fit` starts and a
 * backup exists, it restores weights and optimizer state and makes `fit` continue at the saved
 * epoch (through `model.setInitialEpoch`, which `fit` reads after `onTrainBegin`). When training
 * ends normally the backup is deleted. Needs Node (files); in a browser the constructor throws a
 * PlatformError.
 */
export class BackupAndRestore extends Callback {
  /** Rank 0 alone prints and writes under a distribution. */
  override readonly chiefOnly = true;
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

  /** Where backups before keras-ts 0.2 kept the epoch; read when model.json has none, deleted by the next save. */
  private get legacyMetadataPath(): string {
    return this.files.join(this.backupDir, 'training_metadata.json');
  }

  /** The epoch of a legacy backup's `training_metadata.json`, or `undefined` when there is none. */
  private async legacyEpoch(): Promise<unknown> {
    if ((await this.files.stat(this.legacyMetadataPath))?.isFile !== true) return undefined;
    try {
      return (JSON.parse(await this.files.readText(this.legacyMetadataPath)) as { epoch?: unknown }).epoch ?? null;
    } catch {
      throw new ValueError(`BackupAndRestore: '${this.legacyMetadataPath}' is not valid JSON; delete the backup directory '${this.backupDir}' to start over.`);
    }
  }

  /** The finished-epoch count a backup's model.json carries in `userDefinedMetadata` (a legacy backup's, from its separate file). */
  private savedEpoch(metadata: Record<string, unknown> | undefined, source: string, legacy: unknown): number {
    const stored = metadata?.[BACKUP_METADATA_KEY];
    const fromLegacy = stored === undefined && legacy !== undefined;
    const epoch = fromLegacy ? legacy : typeof stored === 'object' && stored !== null ? (stored as { epoch?: unknown }).epoch : undefined;
    if (!Number.isInteger(epoch) || (epoch as number) < 0) {
      const where = fromLegacy ? `'${this.legacyMetadataPath}'` : `${source} (userDefinedMetadata.${BACKUP_METADATA_KEY}.epoch)`;
      throw new ValueError(`BackupAndRestore: ${where} has no valid "epoch" (got ${JSON.stringify(epoch)}); delete '${this.backupDir}' to start over.`);
    }
    return epoch as number;
  }

  override async onTrainBegin(): Promise<void> {
    // The epoch is committed inside model.json with the weights; without a model.json no save finished.
    if ((await this.files.stat(this.modelPath))?.isFile !== true) return;
    const legacy = await this.legacyEpoch();
    // The epoch is checked before any weight is assigned: a refused backup leaves the model as it was.
    const epoch = await restoreTrainingState(this.model, this.modelPath, (metadata, source) => this.savedEpoch(metadata, source, legacy));
    this.model.setInitialEpoch(epoch);
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    // One commit (the rename of model.json) makes weights, optimizer state and epoch count current together.
    await saveModel(this.model, this.modelPath, { includeOptimizer: true }, { [BACKUP_METADATA_KEY]: { epoch: epoch + 1 } });
    await this.files.remove(this.legacyMetadataPath);
  }

  override async onTrainEnd(): Promise<void> {
    // Training stopped early by a callback (stopTraining) also counts as finished, as in Keras.
    if (this.deleteCheckpoint) await this.files.remove(this.backupDir);
  }
}
