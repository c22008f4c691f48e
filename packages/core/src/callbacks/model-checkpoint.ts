import { platform } from '#platform';
import { ValueError } from '../errors/errors.js';
import { PlatformError } from '../platform/platform.js';
import { formatPythonTemplate } from '../utils/python-format.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, readMonitorValue } from './monitor.js';

/** Options for {@link ModelCheckpoint}. Defaults follow Keras 3. */
export interface ModelCheckpointOptions {
  /** Quantity compared with `saveBestOnly`. Default: 'val_loss'. */
  monitor?: string;
  /** 1 prints a line at each save decision. Default: 0. */
  verbose?: number;
  /** Save only when the monitored quantity improves on the best so far. Default: false. */
  saveBestOnly?: boolean;
  /** Save only the weights (`model.saveWeights`) instead of the whole model (`model.save`). Default: false. */
  saveWeightsOnly?: boolean;
  /** Direction of improvement; 'auto' means max when the name contains "acc", else min. Default: 'auto'. */
  mode?: MonitorMode;
  /** 'epoch' saves after every epoch; a number saves after every that many batches. Default: 'epoch'. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`, the value a first save must beat. Default: none. */
  initialValueThreshold?: number;
  /** Where messages go. Default: console.log. */
  printFn?: (line: string) => void;
}

const INTEGER_FIELDS: ReadonlySet<string> = new Set(['epoch', 'batch']);

/** Python's `f'{value:.5f}'` (prints `inf` for the initial best). */
const fixed5 = (value: number): string => formatPythonTemplate('{v:.5f}', { v: value });

/**
 * Saves the model (or its weights) during training to `filepath`, a Python format template filled
 * with `epoch` (from 1), `batch` (from 1, when saving by batch) and the log values:
 * `'ckpt-{epoch:02d}-{val_loss:.2f}'` → `ckpt-03-0.41`. It takes the targets `model.save` takes:
 * a file path (Node) or a URL-like string such as `'indexeddb://ckpt-{epoch}'` (browser).
 */
export class ModelCheckpoint extends Callback {
  /** Rank 0 alone prints and writes under a distribution. */
  override readonly chiefOnly = true;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  /** Best monitored value among saves so far. */
  best: number;
  private readonly verbose: number;
  private readonly direction: 'min' | 'max';
  private readonly printFn: (line: string) => void;
  private currentEpoch = 0;
  private lastBatchSeen = -1;
  private batchesSinceSave = 0;

  constructor(
    /** Path template; see the class description. */
    readonly filepath: string,
    options: ModelCheckpointOptions = {},
  ) {
    super();
    if (typeof filepath !== 'string' || filepath.length === 0) {
      throw new ValueError(`ModelCheckpoint: \`filepath\` must be a non-empty path template, got ${JSON.stringify(filepath)}.`);
    }
    if (platform.files === undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(filepath)) {
      throw new PlatformError(
        `ModelCheckpoint: saving to the file path '${filepath}' needs Node. In a browser use a URL-like target, e.g. new ModelCheckpoint('indexeddb://model-{epoch:02d}') or 'localstorage://…'.`,
      );
    }
    this.monitor = options.monitor ?? 'val_loss';
    this.verbose = options.verbose ?? 0;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.saveFreq = options.saveFreq ?? 'epoch';
    this.printFn = options.printFn ?? ((line) => console.log(line));
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`ModelCheckpoint: unrecognized \`saveFreq\`: ${String(this.saveFreq)}. Expected 'epoch' or a positive integer number of batches.`);
    }
    const mode = options.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) {
      throw new ValueError(`ModelCheckpoint: \`mode\` must be 'auto', 'min' or 'max', got '${String(mode)}'.`);
    }
    this.direction = mode === 'min' || (mode === 'auto' && !this.monitor.includes('acc') && !this.monitor.startsWith('fmeasure')) ? 'min' : 'max';
    this.best = options.initialValueThreshold ?? (this.direction === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
  }

  /** The file path for a save at `epoch` (0-based) and optional `batch` (0-based). */
  filePathFor(epoch: number, batch: number | undefined, logs: Logs = {}): string {
    const values: Record<string, number> = { ...logs, epoch: epoch + 1 };
    if (batch !== undefined && !('batch' in logs)) values.batch = batch + 1;
    return formatPythonTemplate(this.filepath, values, INTEGER_FIELDS);
  }

  private batchesAfter(batch: number): number {
    // A batch index not above the last one seen means a new epoch started.
    return this.batchesSinceSave + (batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen);
  }

  override wantsBatchLogs(batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    return mode === 'train' && this.saveFreq !== 'epoch' && this.batchesAfter(batch) >= this.saveFreq;
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onTrainBatchEnd(batch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceSave = this.batchesAfter(batch);
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      await this.save(this.currentEpoch, batch, logs ?? {});
    }
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, undefined, logs ?? {});
  }

  private async write(path: string): Promise<void> {
    if (this.saveWeightsOnly) await this.model.saveWeights(path);
    else await this.model.save(path);
  }

  private async save(epoch: number, batch: number | undefined, logs: Logs): Promise<void> {
    const path = this.filePathFor(epoch, batch, logs);
    if (!this.saveBestOnly) {
      if (this.verbose > 0) this.printFn(`\nEpoch ${epoch + 1}: saving model to ${path}`);
      await this.write(path);
      return;
    }
    const current = readMonitorValue('ModelCheckpoint (saveBestOnly)', this.monitor, logs);
    if (current === undefined) return;
    const improved = this.direction === 'min' ? current < this.best : current > this.best;
    if (!improved) {
      if (this.verbose > 0) this.printFn(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${fixed5(this.best)}`);
      return;
    }
    if (this.verbose > 0) {
      this.printFn(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${fixed5(this.best)} to ${fixed5(current)}, saving model to ${path}`);
    }
    this.best = current;
    await this.write(path);
  }
}
