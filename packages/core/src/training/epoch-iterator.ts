import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../errors/errors.js';
import { batchTensors } from './batch-source.js';
import type { Batch, DataAdapter } from './data-adapter.js';

/** How an {@link EpochIterator} draws epochs. */
export interface EpochOptions {
  batchSize: number;
  shuffle: boolean;
  /** Batches per epoch (Keras's `steps_per_epoch` / `steps`); default: one full pass. */
  steps?: number;
}

/**
 * Draws epochs of batches from a {@link DataAdapter} (Keras 3's `EpochIterator`) and owns each
 * batch it hands out: a batch is disposed when the consumer moves on, breaks or throws.
 *
 * In-memory data opens a fresh (reshuffled) pass per epoch, cut at `steps`. A batch source keeps
 * one iterator across epochs, as Keras does with generators: an epoch takes `steps` batches when
 * given, restarting a re-iterable source that ends, or reads until the source ends; a source that
 * yields nothing right after being opened is used up, which {@link EpochIterator.exhausted} reports.
 */
export class EpochIterator {
  /** Set when the source ended before an epoch had its batches. */
  exhausted = false;
  private iterator: Iterator<Batch> | AsyncIterator<Batch> | undefined;
  private readSinceOpen = 0;
  private pending: Batch | undefined;

  constructor(
    readonly adapter: DataAdapter,
    private readonly options: EpochOptions,
  ) {}

  /** Batches per epoch, when known before reading. */
  get steps(): number | undefined {
    return this.options.steps ?? this.adapter.batchCount(this.options.batchSize);
  }

  /**
   * Reads (and so validates) a batch source's first batch now, before any training step; the
   * first epoch then starts with it. In-memory data was validated whole already.
   */
  async prime(): Promise<Batch | undefined> {
    if (!this.adapter.continuesAcrossEpochs || this.pending !== undefined) return this.pending;
    const next = await this.openIterator().next();
    if (next.done === true) {
      this.iterator = undefined;
      this.exhausted = true;
      return undefined;
    }
    this.readSinceOpen++;
    this.pending = next.value;
    return this.pending;
  }

  /** One epoch of batches. */
  async *epoch(): AsyncGenerator<Batch> {
    if (!this.adapter.continuesAcrossEpochs) {
      yield* this.freshPass();
      return;
    }
    const { steps } = this.options;
    let taken = 0;
    if (this.pending !== undefined) {
      const first = this.pending;
      this.pending = undefined;
      yield* owned(first);
      taken++;
    }
    while (steps === undefined || taken < steps) {
      const iterator = this.iterator ?? this.openIterator();
      const next = await iterator.next();
      if (next.done === true) {
        this.iterator = undefined;
        // A source that yields nothing right after being opened is used up (a spent generator).
        if (this.readSinceOpen === 0) this.exhausted = true;
        if (steps === undefined || this.readSinceOpen === 0) return;
        continue;
      }
      this.readSinceOpen++;
      yield* owned(next.value);
      taken++;
    }
  }

  /** One epoch of in-memory data, synchronously (predict and the `…OnBatch` methods). */
  *epochSync(): Generator<Batch> {
    if (this.adapter.continuesAcrossEpochs) throw new InternalError('EpochIterator.epochSync needs in-memory data; a batch source is read asynchronously.');
    const pass = this.adapter.open(this.options.batchSize, this.options.shuffle) as Iterator<Batch>;
    try {
      for (let taken = 0; this.options.steps === undefined || taken < this.options.steps; taken++) {
        const next = pass.next();
        if (next.done === true) return;
        yield* ownedSync(next.value);
      }
    } finally {
      pass.return?.();
    }
  }

  private async *freshPass(): AsyncGenerator<Batch> {
    const pass = this.adapter.open(this.options.batchSize, this.options.shuffle);
    try {
      for (let taken = 0; this.options.steps === undefined || taken < this.options.steps; taken++) {
        const next = await pass.next();
        if (next.done === true) return;
        yield* owned(next.value);
      }
    } finally {
      await pass.return?.();
    }
  }

  private openIterator(): Iterator<Batch> | AsyncIterator<Batch> {
    this.iterator = this.adapter.open(this.options.batchSize, this.options.shuffle);
    this.readSinceOpen = 0;
    return this.iterator;
  }

  /** Frees a batch read ahead by {@link EpochIterator.prime} and never used. */
  dispose(): void {
    if (this.pending !== undefined) tf.dispose(batchTensors(this.pending));
    this.pending = undefined;
  }
}

async function* owned(batch: Batch): AsyncGenerator<Batch> {
  try {
    yield batch;
  } finally {
    tf.dispose(batchTensors(batch));
  }
}

function* ownedSync(batch: Batch): Generator<Batch> {
  try {
    yield batch;
  } finally {
    tf.dispose(batchTensors(batch));
  }
}
