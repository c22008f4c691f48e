import { Callback, type Logs } from './callback.js';

/** Records the epoch logs of `fit`; `fit` returns it. `history.history.val_loss` is a number[]. */
export class History extends Callback {
  /** Epoch indices seen, in order. */
  epoch: number[] = [];
  /** Every log key's values, one per epoch. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      const series = this.history[key] ?? [];
      // Keys first logged at a later epoch (validationFreq) stay aligned by epoch count.
      series.push(value);
      this.history[key] = series;
    }
  }
}
