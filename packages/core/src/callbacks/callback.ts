/** Numbers a callback receives: `loss`, `accuracy`, `val_loss`, … */
export type Logs = Record<string, number>;

/** What `fit`/`evaluate`/`predict` tell callbacks about the run. */
export interface CallbackParams {
  epochs?: number;
  steps?: number;
  verbose?: number;
  [key: string]: unknown;
}

/**
 * Base class of callbacks: override the hooks you need (each may return a Promise). The model
 * being trained is `this.model`; set `this.model.stopTraining = true` to stop after the epoch.
 */
export class Callback {
  /** The model the callback is attached to (set by fit/evaluate/predict). */
  // biome-ignore lint/suspicious/noExplicitAny: the engine's Model type would create an import cycle.
  model: any;
  /** Run parameters (epochs, steps, verbose). */
  params: CallbackParams = {};

  /** Attaches the model. */
  setModel(model: unknown): void {
    this.model = model;
  }

  /** Receives the run parameters. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}

  /**
   * Whether this callback needs the batch logs of batch `batch` now. The loop reads metric values
   * from the backend only when some callback says yes. Default: yes when a batch-end hook is
   * overridden.
   */
  wantsBatchLogs(_batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    const hook = mode === 'train' ? 'onTrainBatchEnd' : mode === 'test' ? 'onTestBatchEnd' : 'onPredictBatchEnd';
    return this[hook] !== Callback.prototype[hook];
  }
}
