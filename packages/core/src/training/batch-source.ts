import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { Batch, DataAdapter, DataModel, TensorData } from './data-adapter.js';
import { type StandardizeOptions, castInputs, standardizeBatch } from './standardize-batch.js';

/** One element of a batch source: `[x, y]` or `[x, y, sampleWeight]` (x alone for predict). */
export type SourceBatch = TensorData | [TensorData, TensorData] | [TensorData, TensorData, TensorData];

/**
 * Data that does not fit in memory: an iterable or async iterable (e.g. an async generator) of
 * batches. keras-ts disposes each batch's tensors after using them.
 */
export type BatchSource = Iterable<SourceBatch> | AsyncIterable<SourceBatch>;

/** True for iterables and async iterables that are not Tensors or arrays of Tensors. */
export function isBatchSource(value: unknown): value is BatchSource {
  if (value === null || typeof value !== 'object' || value instanceof tf.Tensor || Array.isArray(value)) return false;
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/**
 * The {@link DataAdapter} of a {@link BatchSource}. Each element is standardized as it is read,
 * by the same {@link standardizeBatch} as in-memory data (label checks included), and owned from
 * then on: its tensors are freed with the batch, or at once when it fails validation. Opening a
 * pass asks the source for a new iterator, so a re-iterable source starts over and a generator
 * continues where it stopped.
 */
export class SourceAdapter implements DataAdapter {
  readonly sampleCount = undefined;
  readonly continuesAcrossEpochs = true;

  constructor(
    private readonly source: BatchSource,
    private readonly model: DataModel,
    private readonly options: StandardizeOptions & { argument?: string } = {},
  ) {}

  batchCount(): undefined {
    return undefined;
  }

  async *open(): AsyncGenerator<Batch> {
    const source = this.source as Partial<AsyncIterable<SourceBatch> & Iterable<SourceBatch>>;
    const iterator = source[Symbol.asyncIterator] ? source[Symbol.asyncIterator]!() : source[Symbol.iterator]!();
    // next() by hand, not for-await: stopping early must not close the source (the next epoch continues it).
    for (let index = 0; ; index++) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield this.standardize(next.value, index);
    }
  }

  private standardize(element: SourceBatch, index: number): Batch {
    const argument = this.options.argument ?? 'x';
    const withTargets = this.options.losses !== undefined;
    const parts = withTargets ? element : [element];
    try {
      if (withTargets && (!Array.isArray(parts) || parts.length < 2 || parts.length > 3)) {
        throw new ValueError(`Batch ${index} of the batch source \`${argument}\` must be [x, y] or [x, y, sampleWeight], got ${describe(element)}.`);
      }
      const [x, y, sampleWeight] = parts as [TensorData, TensorData?, TensorData?];
      if (this.options.classWeight !== undefined && sampleWeight !== undefined) {
        // Keras 3 refuses the pair for batch sources (PyDataset) as for arrays: checked on each batch,
        // before its step, so a source whose first batch carries weights fails before any step.
        throw new ValueError(
          `You cannot \`classWeight\` and \`sampleWeight\` at the same time: batch ${index} of the batch source \`${argument}\` is [x, y, sampleWeight]. Yield [x, y] batches with classWeight, or multiply each sample's class weight into the batches' sampleWeight and pass no classWeight.`,
        );
      }
      const where = `${argument} batch ${index}`;
      const names = { x: where, y: `${where} (y)`, sampleWeight: `${where} (sampleWeight)` };
      const standardized = standardizeBatch(this.model, { x, y, sampleWeight }, { ...this.options, names });
      const batch: Batch = { ...standardized, x: castInputs(standardized.x, this.model.inputs) };
      // The batch now holds what it uses; the source's tensors it replaced (by a cast or a reshape) go.
      const kept = new Set(batchTensors(batch));
      tf.dispose(elementTensors(element).filter((t) => !kept.has(t)));
      return batch;
    } catch (error) {
      tf.dispose(elementTensors(element));
      throw error;
    }
  }

  dispose(): void {}
}

/** Every tensor of a batch, once. */
export function batchTensors(batch: Batch): tf.Tensor[] {
  return [...new Set([...batch.x, ...batch.y, ...batch.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)])];
}

function elementTensors(element: unknown): tf.Tensor[] {
  if (element instanceof tf.Tensor) return [element];
  if (Array.isArray(element)) return element.flatMap(elementTensors);
  if (typeof element === 'object' && element !== null) return Object.values(element).flatMap(elementTensors);
  return [];
}

function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a Tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}
