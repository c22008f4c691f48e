import type * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, readMonitorValue, resolveMonitorMode } from './monitor.js';

/** Options for {@link EarlyStopping}. Defaults follow Keras 3. */
export interface EarlyStoppingOptions {
  /** Quantity to watch. Default: 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default: 0. */
  minDelta?: number;
  /** Epochs without improvement after which training stops. Default: 0. */
  patience?: number;
  /** 1 prints when training stops and when weights are restored. Default: 0. */
  verbose?: number;
  /** Direction of improvement. Default: 'auto' (inferred from the name). */
  mode?: MonitorMode;
  /** Value the monitored quantity must beat before patience is reset. Default: none. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends. Default: false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before starting to monitor (warm-up). Default: 0. */
  startFromEpoch?: number;
  /** Where messages go. Default: console.log. */
  printFn?: (line: string) => void;
}

/**
 * Stops training when the monitored quantity has stopped improving for `patience` epochs (it sets
 * `model.stopTraining`). With `restoreBestWeights`, the weights of the best epoch are put back
 * when training ends.
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly mode: MonitorMode;
  private readonly minDeltaMagnitude: number;
  private readonly printFn: (line: string) => void;
  private direction: 'min' | 'max' | undefined;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epoch at which training was stopped (0 when it was not). */
  stoppedEpoch = 0;
  /** Best monitored value so far (null before the first monitored epoch). */
  best: number | null = null;
  /** Epoch of the best value. */
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.mode = options.mode ?? 'auto';
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    this.printFn = options.printFn ?? ((line) => console.log(line));
    this.minDeltaMagnitude = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ValueError(`EarlyStopping: \`patience\` must be a non-negative integer, got ${options.patience}.`);
    }
    if (!['auto', 'min', 'max'].includes(this.mode)) {
      throw new ValueError(`EarlyStopping: \`mode\` must be 'auto', 'min' or 'max', got '${String(this.mode)}'.`);
    }
  }

  private isImprovement(value: number, reference: number | null): boolean {
    if (reference === null) return true;
    return this.direction === 'min' ? value + this.minDeltaMagnitude < reference : value - this.minDeltaMagnitude > reference;
  }

  private snapshot(): void {
    if (this.bestWeights !== null) for (const t of this.bestWeights) t.dispose();
    this.bestWeights = this.model.getWeights();
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.clearSnapshot();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    this.direction ??= resolveMonitorMode('EarlyStopping', this.monitor, this.mode);
    const current = readMonitorValue('Early stopping', this.monitor, logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.snapshot();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.snapshot();
      // Patience restarts only when the value beats both the baseline and the previous best.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) this.printFn(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) this.printFn(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
    this.clearSnapshot();
  }

  private clearSnapshot(): void {
    if (this.bestWeights !== null) for (const t of this.bestWeights) t.dispose();
    this.bestWeights = null;
  }
}
