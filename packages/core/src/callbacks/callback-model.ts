import type * as tf from '@tensorflow/tfjs-core';
import type { SaveTarget } from '../saving/handlers.js';
import type { SaveableModel, SaveOptions } from '../saving/saveable.js';
import type { History } from './history.js';

/**
 * What a callback may read and do with the model it is attached to (`this.model`): stop
 * training, read and set weights, reach the optimizer (and so its learning rate), save, read the
 * History of the last `fit`, and resume at an epoch. Every keras-ts model is one.
 */
export interface CallbackModel extends SaveableModel {
  /** The model's name. */
  readonly name: string;
  /** Set to true to stop `fit` at the end of the current batch (it then ends the epoch and stops). */
  stopTraining: boolean;
  /** The History callback of the running or last `fit`, as Keras's `model.history`. */
  readonly history: History | undefined;
  /** Copies of the weight values, in `weights` order. */
  getWeights(): tf.Tensor[];
  /** Sets the weight values (in `weights` order). */
  setWeights(weights: tf.Tensor[]): void;
  /** Saves the model (see `Model.save`). */
  save(target: SaveTarget, options?: SaveOptions): Promise<tf.io.SaveResult>;
  /** Saves the weights only (see `Model.saveWeights`). */
  saveWeights(target: SaveTarget): Promise<tf.io.SaveResult>;
  /**
   * Makes the running `fit` start at `epoch` instead of its `initialEpoch` option. Call it from
   * `onTrainBegin` (BackupAndRestore does, after restoring a backup); `fit` reads it right after
   * `onTrainBegin` and forgets it when it ends.
   */
  setInitialEpoch(epoch: number): void;
}
