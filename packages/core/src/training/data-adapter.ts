import type * as tf from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';

/** Data for one side of a model: a Tensor, an array in input/output order, or an object keyed by name. */
export type TensorData = tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;

/** One batch: tensors in input and output order. The consumer disposes them. */
export interface Batch {
  x: tf.Tensor[];
  y: tf.Tensor[];
  sampleWeight: (tf.Tensor | undefined)[];
  size: number;
}

/** What the data path needs from a model: its symbolic inputs and outputs and their names. */
export interface DataModel {
  readonly name: string;
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  readonly inputNames: string[];
  readonly outputNames: string[];
}

/**
 * The one way `fit`, `evaluate`, `predict` and the `…OnBatch` methods read data (Keras 3's
 * `DataAdapter`). An adapter turns what the user passed — tensors, arrays or name-keyed objects
 * in memory ({@link TensorAdapter}), or a batch source ({@link SourceAdapter}) — into
 * standardized batches: inputs and targets in model order, validated against the model and the
 * losses' declared label needs, targets reshaped where Keras broadcasts, inputs cast to the
 * model's dtypes. An {@link EpochIterator} draws epochs from it.
 */
export interface DataAdapter {
  /** Number of samples, when known before reading (in-memory data); undefined for batch sources. */
  readonly sampleCount: number | undefined;
  /**
   * Whether an epoch continues the iterator the previous epoch stopped in (batch sources, as
   * Keras reads generators) rather than opening a fresh, reshuffled pass (in-memory data).
   */
  readonly continuesAcrossEpochs: boolean;
  /** Batches in one pass of `batchSize`, when known. */
  batchCount(batchSize: number): number | undefined;
  /**
   * Opens one pass over the data. Each batch belongs to the consumer, which disposes it; a batch
   * that fails validation throws, its tensors already freed.
   */
  open(batchSize: number, shuffle: boolean): Iterator<Batch> | AsyncIterator<Batch>;
  /** Frees the tensors the adapter created (never the caller's own tensors). */
  dispose(): void;
}
