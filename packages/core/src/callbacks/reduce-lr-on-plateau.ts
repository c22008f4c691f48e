import { ValueError } from '../errors/errors.js';
import { Callback, type Logs } from './callback.js';
import { requireOptimizer } from './learning-rate-scheduler.js';
import { type MonitorMode, readMonitorValue } from './monitor.js';

/** Options for {@link ReduceLROnPlateau}. Defaults follow Keras 3. */
export interface ReduceLROnPlateauOptions {
  /** Quantity to watch. Default: 'val_loss'. */
  monitor?: string;
  /** Factor the rate is multiplied by: `newRate = rate * factor`. Must be < 1. Default: 0.1. */
  factor?: number;
  /** Epochs without improvement after which the rate is reduced. Default: 10. */
  patience?: number;
  /** 1 prints each reduction. Default: 0. */
  verbose?: number;
  /** Direction of improvement; 'auto' means max when the name contains "acc", else min. Default: 'auto'. */
  mode?: MonitorMode;
  /** Threshold for measuring a new optimum. Default: 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default: 0. */
  cooldown?: number;
  /** Lower bound of the rate. Default: 0. */
  minLr?: number;
  /** Where messages go. Default: console.log. */
  printFn?: (line: string) => void;
}

/**
 * Multiplies the learning rate by `factor` when the monitored quantity has not improved for
 * `patience` epochs, then waits `cooldown` epochs. Adds `learning_rate` (the rate used during the
 * epoch) to the epoch logs.
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private readonly verbose: number;
  private readonly direction: 'min' | 'max';
  private readonly printFn: (line: string) => void;
  /** Best value seen. */
  best = Number.POSITIVE_INFINITY;
  /** Epochs since the last improvement (outside cooldown). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = options.factor ?? 0.1;
    if (!(this.factor < 1)) {
      throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${this.factor}; pass a factor in (0, 1), e.g. 0.1.`);
    }
    this.patience = options.patience ?? 10;
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.verbose = options.verbose ?? 0;
    this.printFn = options.printFn ?? ((line) => console.log(line));
    const mode = options.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) {
      throw new ValueError(`ReduceLROnPlateau: \`mode\` must be 'auto', 'min' or 'max', got '${String(mode)}'.`);
    }
    this.direction = mode === 'min' || (mode === 'auto' && !this.monitor.includes('acc')) ? 'min' : 'max';
    this.reset();
  }

  private reset(): void {
    this.best = this.direction === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  private improves(value: number): boolean {
    return this.direction === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
  }

  override onTrainBegin(): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const optimizer = requireOptimizer('ReduceLROnPlateau', this.model);
    if (logs !== undefined) logs.learning_rate = optimizer.learningRate;
    const current = readMonitorValue('Learning rate reduction', this.monitor, logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldRate = optimizer.learningRate;
    // Compare in float32 as Keras does, so a rate stored as float32 equal to minLr stops reducing.
    if (oldRate > Math.fround(this.minLr)) {
      const newRate = Math.max(oldRate * this.factor, this.minLr);
      optimizer.learningRate = newRate;
      if (this.verbose > 0) this.printFn(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newRate}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }
}
