import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { randomPermutation } from '../random/seed.js';
import { type ClassWeight, classSampleWeight } from './class-weight.js';
import type { Batch, DataAdapter, DataModel } from './data-adapter.js';
import { type RawData, type StandardizeOptions, castInputs, standardizeBatch } from './standardize-batch.js';

/**
 * The {@link DataAdapter} of in-memory data (tensors, arrays in input/output order, objects keyed
 * by name): standardized and checked once, whole, then sliced into batches — in order, or in a
 * fresh random order each pass (from the global seed). It keeps the caller's tensors alive only
 * by reference and frees only what it created.
 */
export class TensorAdapter implements DataAdapter {
  readonly continuesAcrossEpochs = false;

  private constructor(
    private readonly data: Batch,
    private readonly inputs: readonly SymbolicTensor[],
    private readonly owned: tf.Tensor[],
  ) {}

  /** Standardizes `data` for `model` (see {@link standardizeBatch}); throws before keeping anything. */
  static from(model: DataModel, data: RawData, options?: StandardizeOptions): TensorAdapter {
    const standardized = standardizeBatch(model, data, options);
    return new TensorAdapter(standardized, model.inputs, standardized.created);
  }

  get sampleCount(): number {
    return this.data.size;
  }

  /** The shapes of the standardized targets, in output order. */
  get targetShapes(): number[][] {
    return this.data.y.map((t) => t.shape);
  }

  batchCount(batchSize: number): number {
    return Math.ceil(this.data.size / batchSize);
  }

  *open(batchSize: number, shuffle: boolean): Generator<Batch> {
    const { size } = this.data;
    // Drawn when the first batch is asked for, as every pass has drawn it.
    const order = shuffle ? randomPermutation(size) : undefined;
    for (let start = 0; start < size; start += batchSize) {
      const count = Math.min(batchSize, size - start);
      yield tf.tidy(() => {
        const indices = order === undefined ? undefined : tf.tensor1d(order.subarray(start, start + count), 'int32');
        const take = (t: tf.Tensor): tf.Tensor => (indices === undefined ? tf.slice(t, start, count) : tf.gather(t, indices));
        return {
          x: castInputs(this.data.x.map(take), this.inputs),
          y: this.data.y.map(take),
          sampleWeight: this.data.sampleWeight.map((t) => (t === undefined ? undefined : take(t))),
          size: count,
        };
      });
    }
  }

  /**
   * Splits off the last `fraction` of samples (before any shuffling), as Keras's
   * `validation_split` does. The parts own their slices; this adapter stays usable.
   */
  split(fraction: number): [TensorAdapter, TensorAdapter] {
    const { size } = this.data;
    const splitAt = Math.floor(size * (1 - fraction));
    if (splitAt === 0 || splitAt === size) {
      throw new ValueError(`validationSplit ${fraction} leaves no samples for ${splitAt === 0 ? 'training' : 'validation'} with ${size} samples.`);
    }
    const part = (begin: number, count: number): TensorAdapter => {
      const slice = (t: tf.Tensor) => tf.slice(t, begin, count);
      const data: Batch = {
        x: this.data.x.map(slice),
        y: this.data.y.map(slice),
        sampleWeight: this.data.sampleWeight.map((t) => (t === undefined ? undefined : slice(t))),
        size: count,
      };
      return new TensorAdapter(data, this.inputs, [...data.x, ...data.y, ...data.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)]);
    };
    return [part(0, splitAt), part(splitAt, size - splitAt)];
  }

  /** Folds class weights into the (first output's) sample weights of this adapter's data. */
  weighClasses(classWeight: ClassWeight): void {
    const weights = classSampleWeight(this.data.y[0]!, classWeight, this.data.sampleWeight[0]);
    this.owned.push(weights);
    this.data.sampleWeight[0] = weights;
  }

  /** The whole data as one batch of fresh tensors, inputs cast (for the `…OnBatch` methods). */
  whole(): Batch {
    const [batch] = this.open(this.data.size, false);
    return batch!;
  }

  dispose(): void {
    tf.dispose(this.owned);
    this.owned.length = 0;
  }
}
