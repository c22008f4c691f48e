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

  /** Called once before the first epoch of `fit`. */
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  /** Called once after `fit` finishes (also when stopped early); `logs` are the last epoch's. */
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  /** Called at the start of each epoch (0-based). */
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  /** Called at the end of each epoch with its logs (`loss`, metrics, `val_*`). */
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  /** Called before each training batch. */
  onTrainBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each training batch; `logs` holds the running epoch means when `wantsBatchLogs` asked for them. */
  onTrainBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called before `evaluate`, or before validation inside `fit`. */
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  /** Called after `evaluate` or validation, with its logs. */
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  /** Called before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each evaluation batch. */
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called before `predict`. */
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  /** Called after `predict`. */
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
  /** Called before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each prediction batch. */
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
