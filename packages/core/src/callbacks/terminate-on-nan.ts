import { Callback, type Logs } from './callback.js';

/** Options for {@link TerminateOnNaN}. */
export interface TerminateOnNaNOptions {
  /** Where the message goes. Default: console.log. */
  printFn?: (line: string) => void;
}

/**
 * Stops training as soon as a batch ends with a `loss` that is NaN or infinite. It asks the loop
 * for every batch's logs, which reads the loss from the backend once per batch.
 */
export class TerminateOnNaN extends Callback {
  private readonly printFn: (line: string) => void;

  constructor(options: TerminateOnNaNOptions = {}) {
    super();
    this.printFn = options.printFn ?? ((line) => console.log(line));
  }

  override wantsBatchLogs(_batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    return mode === 'train';
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.printFn(`Batch ${batch}: Invalid loss, terminating training`);
      this.model.stopTraining = true;
    }
  }
}
