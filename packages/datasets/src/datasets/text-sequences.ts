import { DatasetFormatError, DatasetValueError } from '../errors/errors.js';
import type { NdArray } from '../formats/ndarray.js';

/** Keras's options for the word-index sequence datasets (imdb, reuters). */
export interface SequenceOptions {
  /** Keep only the `numWords` most frequent words; rarer ones become `oovChar`. Default: all. */
  numWords?: number | null;
  /** Treat the `skipTop` most frequent words as out of vocabulary. Default 0. */
  skipTop?: number;
  /** Drop sequences whose length (start character included) is not below `maxlen`. Default: keep all. */
  maxlen?: number | null;
  /** Shuffling seed, as `np.random.RandomState(seed)`. Default 113. */
  seed?: number;
  /** Marks the start of every sequence; `null` adds none. Default 1. */
  startChar?: number | null;
  /** Replaces words cut by `numWords`/`skipTop`; `null` drops them instead. Default 2. */
  oovChar?: number | null;
  /** Offset added to every word index (reserving 0 pad, 1 start, 2 oov). Default 3. */
  indexFrom?: number;
}

/** The options with Keras's defaults filled in and checked. */
export interface ResolvedSequenceOptions {
  numWords: number | null;
  skipTop: number;
  maxlen: number | null;
  seed: number;
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
}

function checkInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new DatasetValueError(`${name} must be an integer >= ${minimum}, got ${value}.`);
  }
}

/** Fills Keras's defaults and validates every option, naming the bad one. */
export function resolveSequenceOptions(options: SequenceOptions, dataset: string): ResolvedSequenceOptions {
  const resolved: ResolvedSequenceOptions = {
    numWords: options.numWords ?? null,
    skipTop: options.skipTop ?? 0,
    maxlen: options.maxlen ?? null,
    seed: options.seed ?? 113,
    startChar: options.startChar === undefined ? 1 : options.startChar,
    oovChar: options.oovChar === undefined ? 2 : options.oovChar,
    indexFrom: options.indexFrom ?? 3,
  };
  if (resolved.numWords !== null) checkInteger(`${dataset}.loadData: numWords`, resolved.numWords, 0);
  if (resolved.maxlen !== null) checkInteger(`${dataset}.loadData: maxlen`, resolved.maxlen, 0);
  checkInteger(`${dataset}.loadData: skipTop`, resolved.skipTop, 0);
  checkInteger(`${dataset}.loadData: indexFrom`, resolved.indexFrom, 0);
  if (resolved.startChar !== null) checkInteger(`${dataset}.loadData: startChar`, resolved.startChar, 0);
  if (resolved.oovChar !== null) checkInteger(`${dataset}.loadData: oovChar`, resolved.oovChar, 0);
  return resolved;
}

/** Reads an object array of int lists (Keras's ragged sequences) as `number[][]`. */
export function sequencesFrom(array: NdArray | undefined, where: string): number[][] {
  if (!array || !Array.isArray(array.data)) {
    throw new DatasetFormatError(`${where}: expected an object array of integer lists (dtype '|O').`);
  }
  return array.data.map((sequence, i) => {
    if (!Array.isArray(sequence) || !sequence.every((word) => typeof word === 'number' && Number.isInteger(word))) {
      throw new DatasetFormatError(`${where}: sequence ${i} is not a list of integers.`);
    }
    return sequence as number[];
  });
}

/** Adds `startChar` and the `indexFrom` offset to every sequence, as Keras does before filtering. */
export function offsetSequences(sequences: readonly number[][], options: ResolvedSequenceOptions): number[][] {
  const { startChar, indexFrom } = options;
  return sequences.map((sequence) => {
    const shifted = sequence.map((word) => word + indexFrom);
    return startChar === null ? shifted : [startChar, ...shifted];
  });
}

/** Keeps only the pairs whose sequence is strictly shorter than `maxlen` (Keras's `remove_long_seq`). */
export function removeLongSequences<L>(maxlen: number, sequences: number[][], labels: L[]): [number[][], L[]] {
  const keptSequences: number[][] = [];
  const keptLabels: L[] = [];
  sequences.forEach((sequence, i) => {
    if (sequence.length < maxlen) {
      keptSequences.push(sequence);
      keptLabels.push(labels[i] as L);
    }
  });
  return [keptSequences, keptLabels];
}

/**
 * Applies the vocabulary cut: words outside `[skipTop, numWords)` become `oovChar`, or are dropped
 * when `oovChar` is null. When `numWords` is null or 0 the limit is the largest index present, as
 * in Keras (`max(max(x) for x in xs)`); like Keras, that one largest index therefore also counts
 * as out of vocabulary.
 */
export function limitVocabulary(sequences: readonly number[][], options: ResolvedSequenceOptions): number[][] {
  let numWords = options.numWords;
  if (!numWords) {
    numWords = 0;
    for (const sequence of sequences) for (const word of sequence) if (word > numWords) numWords = word;
  }
  const limit = numWords;
  const { skipTop, oovChar } = options;
  if (oovChar === null) return sequences.map((sequence) => sequence.filter((word) => skipTop <= word && word < limit));
  return sequences.map((sequence) => sequence.map((word) => (skipTop <= word && word < limit ? word : oovChar)));
}
