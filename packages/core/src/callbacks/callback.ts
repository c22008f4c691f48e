import { ValueError } from '../errors/errors.js';
import type { CallbackModel } from './callback-model.js';

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
 * Base class of callbacks: override the hooks you need. The hooks of `fit` and `evaluate` may
 * return a Promise, which is awaited; `predict` returns tensors, not a Promise, so its hooks are
 * synchronous. A hook that throws (or rejects) makes the call reject with its error. The model
 * being trained is `this.model` (see {@link CallbackModel}); set `this.model.stopTraining = true`
 * to stop after the current batch.
 */
export class Callback {
  /** Run parameters (epochs, steps, verbose). */
  params: CallbackParams = {};
  /**
   * Under a distribution (`@keras-ts/distributed`), whether the callback runs on rank 0 only:
   * true for those that print or write files (ProgbarLogger, ModelCheckpoint, CSVLogger,
   * BackupAndRestore), so N processes do not write one file N times. Default: false (every rank
   * runs it, with identical logs).
   */
  readonly chiefOnly: boolean = false;
  private attachedModel: CallbackModel | undefined;

  /** The model the callback is attached to (set by fit/evaluate/predict); throws before that. */
  get model(): CallbackModel {
    if (this.attachedModel === undefined) {
      throw new ValueError(
        `${this.constructor.name} is not attached to a model yet: fit(), evaluate() and predict() attach their callbacks (or call setModel(model)).`,
      );
    }
    return this.attachedModel;
  }
  set model(model: CallbackModel) {
    this.attachedModel = model;
  }

  /** Whether a model is attached. */
  get hasModel(): boolean {
    return this.attachedModel !== undefined;
  }

  /** Attaches the model. */
  setModel(model: CallbackModel): void {
    this.attachedModel = model;
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
  /** Called before `predict` (synchronously: predict does not return a Promise). */
  onPredictBegin(_logs?: Logs): void {}
  /** Called after `predict`, before it returns. */
  onPredictEnd(_logs?: Logs): void {}
  /** Called before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): void {}
  /** Called after each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs?: Logs): void {}

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
