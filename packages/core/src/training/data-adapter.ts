import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../errors/errors.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { formatShape } from '../engine/types.js';
import { randomPermutation } from '../random/seed.js';

/** Data for one side of a model: a Tensor, an array in input/output order, or an object keyed by name. */
export type TensorData = tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;

/** One batch: tensors in input and output order. The consumer disposes them. */
export interface Batch {
  x: tf.Tensor[];
  y: tf.Tensor[];
  sampleWeight: (tf.Tensor | undefined)[];
  size: number;
}

/**
 * Orders `data` by `names`; throws naming the missing, extra or misnumbered entries.
 * @param role 'input' or 'output', for messages.
 */
export function toTensorList(data: TensorData, names: string[], argument: string, role: 'input' | 'output'): tf.Tensor[] {
  if (data instanceof tf.Tensor) {
    if (names.length !== 1) {
      throw new ValueError(
        `\`${argument}\` is a single tensor, but the model has ${names.length} ${role}s (${names.join(', ')}). Pass an array in that order or an object keyed by ${role} name.`,
      );
    }
    return [data];
  }
  if (Array.isArray(data)) {
    if (data.length !== names.length) {
      throw new ValueError(`\`${argument}\` has ${data.length} tensors, but the model has ${names.length} ${role}(s): ${names.join(', ')}.`);
    }
    data.forEach((item, index) => {
      if (!(item instanceof tf.Tensor)) throw new ValueError(`\`${argument}[${index}]\` must be a Tensor, got ${typeof item}.`);
    });
    return data;
  }
  if (typeof data !== 'object' || data === null) {
    throw new ValueError(`\`${argument}\` must be a Tensor, an array of Tensors or an object keyed by ${role} name; got ${String(data)}.`);
  }
  const keys = Object.keys(data);
  const missing = names.filter((name) => !keys.includes(name));
  const extra = keys.filter((key) => !names.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length > 0 ? `missing keys [${missing.join(', ')}]` : '', extra.length > 0 ? `unexpected keys [${extra.join(', ')}]` : ''].filter(Boolean);
    throw new ValueError(`\`${argument}\` has ${parts.join(' and ')}. Expected the ${role} names: ${names.join(', ')}.`);
  }
  return names.map((name) => {
    const item = data[name]!;
    if (!(item instanceof tf.Tensor)) throw new ValueError(`\`${argument}.${name}\` must be a Tensor.`);
    return item;
  });
}

/** Checks that each tensor fits its symbolic input (rank, known dimensions). */
export function checkInputShapes(tensors: tf.Tensor[], inputs: SymbolicTensor[], argument: string, hint?: (index: number) => string | undefined): void {
  tensors.forEach((tensor, index) => {
    const expected = inputs[index]!;
    const name = expected.sourceLayer.name;
    const matches =
      tensor.rank === expected.rank && expected.shape.every((dim, axis) => axis === 0 || dim === null || dim === tensor.shape[axis]);
    if (!matches) {
      const extra = hint?.(index);
      throw new ShapeError(
        `Input '${name}' expects data of shape ${formatShape(expected.shape)}, but \`${argument}\` has shape [${tensor.shape.join(', ')}].${extra ? ` ${extra}` : ''}`,
      );
    }
  });
}

/** Checks that every tensor has the same number of samples. */
export function checkSampleCounts(groups: { argument: string; tensors: (tf.Tensor | undefined)[] }[]): number {
  let count: number | undefined;
  let first = '';
  for (const { argument, tensors } of groups) {
    for (const tensor of tensors) {
      if (tensor === undefined) continue;
      if (tensor.rank === 0) throw new ShapeError(`\`${argument}\` must have a batch dimension, got a scalar.`);
      const n = tensor.shape[0]!;
      if (count === undefined) {
        count = n;
        first = argument;
      } else if (n !== count) {
        throw new ValueError(`Data cardinality is ambiguous: \`${first}\` has ${count} samples but \`${argument}\` has ${n}. All inputs, targets and sample weights need the same number of samples.`);
      }
    }
  }
  if (count === undefined || count === 0) {
    throw new ValueError('The data is empty: `x` has 0 samples. Pass at least one sample.');
  }
  return count;
}

/** In-memory tensors sliced into batches. Owns nothing: the caller keeps x/y alive. */
export class TensorDataset {
  readonly size: number;

  constructor(
    readonly x: tf.Tensor[],
    readonly y: tf.Tensor[],
    readonly sampleWeight: (tf.Tensor | undefined)[],
    private readonly inputDtypes: tf.DataType[],
  ) {
    this.size = x[0]!.shape[0]!;
  }

  /** Number of batches for `batchSize`. */
  batchCount(batchSize: number): number {
    return Math.ceil(this.size / batchSize);
  }

  /** Yields batches in order or in a fresh random order (from the global seed). */
  *batches(batchSize: number, shuffle: boolean, limit?: number): Generator<Batch> {
    const order = shuffle ? randomPermutation(this.size) : undefined;
    const count = Math.min(this.batchCount(batchSize), limit ?? Number.POSITIVE_INFINITY);
    for (let b = 0; b < count; b++) {
      const start = b * batchSize;
      const size = Math.min(batchSize, this.size - start);
      yield tf.tidy(() => {
        const indices = order === undefined ? undefined : tf.tensor1d(order.subarray(start, start + size), 'int32');
        const take = (t: tf.Tensor): tf.Tensor => (indices === undefined ? tf.slice(t, start, size) : tf.gather(t, indices));
        return {
          x: this.x.map((t, i) => {
            const part = take(t);
            const dtype = this.inputDtypes[i] ?? part.dtype;
            return part.dtype === dtype ? part : tf.cast(part, dtype);
          }),
          y: this.y.map(take),
          sampleWeight: this.sampleWeight.map((t) => (t === undefined ? undefined : take(t))),
          size,
        };
      });
    }
  }

  /** Splits off the last `fraction` of samples (before any shuffling), as Keras does. */
  split(fraction: number): [TensorDataset, TensorDataset] {
    if (!(fraction > 0 && fraction < 1)) throw new ValueError(`validationSplit must be in (0, 1), got ${fraction}.`);
    const splitAt = Math.floor(this.size * (1 - fraction));
    if (splitAt === 0 || splitAt === this.size) {
      throw new ValueError(`validationSplit ${fraction} leaves no samples for ${splitAt === 0 ? 'training' : 'validation'} with ${this.size} samples.`);
    }
    const head = (t: tf.Tensor) => tf.slice(t, 0, splitAt);
    const tail = (t: tf.Tensor) => tf.slice(t, splitAt, this.size - splitAt);
    const part = (slice: (t: tf.Tensor) => tf.Tensor) =>
      new TensorDataset(this.x.map(slice), this.y.map(slice), this.sampleWeight.map((t) => (t === undefined ? undefined : slice(t))), this.inputDtypes);
    return [part(head), part(tail)];
  }

  /** Frees tensors this dataset created (only for datasets made by `split`). */
  dispose(): void {
    tf.dispose([...this.x, ...this.y, ...this.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)]);
  }
}
