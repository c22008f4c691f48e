import { DatasetValueError } from '../errors/errors.js';

/** Options for {@link decodeSequence}. */
export interface DecodeSequenceOptions {
  /** The offset the sequences were loaded with (`indexFrom` of `loadData`). Default 3. */
  indexFrom?: number;
  /** Text for reserved indices (padding, start, oov) and unknown words. Default `'?'`. */
  unknown?: string;
  /** Separator between words. Default `' '`. */
  separator?: string;
}

/**
 * Turns a loaded imdb/reuters sequence back into text: index `i` maps to the word whose
 * word-index value is `i - indexFrom`; reserved indices (below `indexFrom`) and indices with no
 * word become `unknown`, as in the Keras book's `reverse_word_index.get(i - 3, '?')`.
 */
export function decodeSequence(sequence: ArrayLike<number>, wordIndex: Readonly<Record<string, number>>, options: DecodeSequenceOptions = {}): string {
  const indexFrom = options.indexFrom ?? 3;
  if (!Number.isInteger(indexFrom) || indexFrom < 0) {
    throw new DatasetValueError(`decodeSequence: indexFrom must be a non-negative integer, got ${indexFrom}.`);
  }
  const unknown = options.unknown ?? '?';
  const reverse = new Map<number, string>();
  for (const [word, index] of Object.entries(wordIndex)) reverse.set(index, word);
  return Array.from(sequence, (index) => (index < indexFrom ? unknown : (reverse.get(index - indexFrom) ?? unknown))).join(options.separator ?? ' ');
}
