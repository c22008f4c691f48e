import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import { type Batch, type TensorData, checkInputShapes, checkSampleCounts, toTensorList } from './data-adapter.js';
import type { DataModel } from './prepare-data.js';

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
 * Reads batches from a {@link BatchSource}. One iterator is kept across epochs, as Keras does with
 * generators: an epoch takes `steps` batches when given, otherwise reads until the source ends;
 * an exhausted source is restarted when it is re-iterable.
 */
export class BatchSourceReader {
  private iterator: Iterator<SourceBatch> | AsyncIterator<SourceBatch> | undefined;
  /** Set when the source ended before an epoch had its `steps` batches. */
  exhausted = false;

  constructor(
    private readonly source: BatchSource,
    private readonly model: DataModel,
    private readonly withTargets: boolean,
    private readonly argument = 'x',
  ) {}

  private open(): Iterator<SourceBatch> | AsyncIterator<SourceBatch> {
    const source = this.source as Partial<AsyncIterable<SourceBatch> & Iterable<SourceBatch>>;
    return source[Symbol.asyncIterator] ? source[Symbol.asyncIterator]!() : source[Symbol.iterator]!();
  }

  /** Yields up to `steps` batches (one pass over the source when undefined). */
  async *batches(steps?: number): AsyncGenerator<Batch> {
    let taken = 0;
    let readSinceOpen = this.iterator === undefined ? 0 : 1;
    while (steps === undefined || taken < steps) {
      if (this.iterator === undefined) {
        this.iterator = this.open();
        readSinceOpen = 0;
      }
      const next = await this.iterator.next();
      if (next.done) {
        this.iterator = undefined;
        // A source that yields nothing right after being opened is used up (a spent generator).
        if (readSinceOpen === 0) this.exhausted = true;
        if (steps === undefined || readSinceOpen === 0) return;
        continue;
      }
      readSinceOpen++;
      yield this.toBatch(next.value, taken);
      taken++;
    }
  }

  private toBatch(element: SourceBatch, index: number): Batch {
    const parts = this.withTargets ? element : [element];
    if (this.withTargets && (!Array.isArray(parts) || parts.length < 2 || parts.length > 3)) {
      throw new ValueError(`Batch ${index} of the batch source must be [x, y] or [x, y, sampleWeight], got ${describe(element)}.`);
    }
    const [x, y, sampleWeight] = parts as [TensorData, TensorData?, TensorData?];
    const xs = toTensorList(x, this.model.inputNames, `${this.argument} batch ${index} (x)`, 'input');
    const ys = y === undefined ? [] : toTensorList(y, this.model.outputNames, `${this.argument} batch ${index} (y)`, 'output');
    const sws: (tf.Tensor | undefined)[] =
      sampleWeight === undefined
        ? this.model.outputs.map(() => undefined)
        : sampleWeight instanceof tf.Tensor
          ? this.model.outputs.map(() => sampleWeight)
          : toTensorList(sampleWeight, this.model.outputNames, `${this.argument} batch ${index} (sampleWeight)`, 'output');
    const size = checkSampleCounts([
      { argument: `batch ${index} x`, tensors: xs },
      { argument: `batch ${index} y`, tensors: ys },
      { argument: `batch ${index} sampleWeight`, tensors: sws },
    ]);
    checkInputShapes(xs, this.model.inputs, `${this.argument} batch ${index}`);
    const cast = xs.map((t, i) => {
      const dtype = this.model.inputs[i]!.dtype;
      if (t.dtype === dtype) return t;
      const converted = tf.cast(t, dtype);
      t.dispose();
      return converted;
    });
    const reshaped = ys.map((t, i) => {
      const output = this.model.outputs[i]!;
      if (t.rank === output.rank - 1 && output.shape[output.rank - 1] === 1) {
        const r = tf.reshape(t, [...t.shape, 1]);
        t.dispose();
        return r;
      }
      return t;
    });
    return { x: cast, y: reshaped, sampleWeight: sws, size };
  }
}

function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a Tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}
