import type { Callback } from '../callbacks/callback.js';
import type { BatchSource } from './batch-source.js';
import type { TensorData } from './data-adapter.js';

/** Options of `model.fit`. Defaults follow Keras 3. */
export interface FitOptions {
  /** Samples per gradient update. Default: 32. */
  batchSize?: number;
  /** Train until this epoch index (exclusive). Default: 1. */
  epochs?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default: 1. */
  verbose?: 0 | 1 | 2;
  /** Hooks called during training (a progress bar and History are added). */
  callbacks?: Callback[];
  /** Fraction of the data (taken from the end, before shuffling) held out for validation. */
  validationSplit?: number;
  /** `[x, y]`, `[x, y, sampleWeight]` or a batch source, evaluated at the end of each epoch (`val_` logs). */
  validationData?: [TensorData, TensorData] | [TensorData, TensorData, TensorData] | BatchSource;
  /** Reshuffle the training data every epoch. Default: true. */
  shuffle?: boolean;
  /** Weights per class index for single-output models (`{ 0: 1, 1: 5 }`); classes not listed weigh 1. */
  classWeight?: Record<number, number>;
  /** Per-sample loss weights (a Tensor `[samples]`, or one per output). */
  sampleWeight?: TensorData;
  /** Epoch to start from (for resuming). Default: 0. */
  initialEpoch?: number;
  /** Batches per epoch (default: all the data). */
  stepsPerEpoch?: number;
  /** Validation batches per epoch (default: all the validation data). */
  validationSteps?: number;
  /** Validation batch size. Default: batchSize. */
  validationBatchSize?: number;
  /** Validate every this many epochs. Default: 1. */
  validationFreq?: number;
  /**
   * Check every batch's loss and gradients for NaN and ±Infinity before the update; on the first
   * non-finite one, stop with a `NumericsError` naming the epoch and batch and the first layer whose
   * output is non-finite on that batch, with that batch's update not applied. Costs one reduction
   * and one host read per batch. Default: false (see also the TerminateOnNaN callback, which stops
   * after an epoch's NaN loss without an error).
   */
  checkNumerics?: boolean;
}

/** Options of `model.evaluate`. */
export interface EvaluateOptions {
  /** Default: 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar. Default: 1. */
  verbose?: 0 | 1 | 2;
  sampleWeight?: TensorData;
  /** Number of batches to evaluate (default: all). */
  steps?: number;
  callbacks?: Callback[];
  /** Return `{ loss, accuracy, … }` instead of an array. */
  returnDict?: boolean;
}

/** Options of `model.predict`. */
export interface PredictOptions {
  /** Default: 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar. Default: 0. */
  verbose?: 0 | 1 | 2;
  /** Number of batches to run (default: all). */
  steps?: number;
  callbacks?: Callback[];
}
