import { readFile } from 'node:fs/promises';
import { DatasetFormatError } from '../errors/errors.js';
import type { RemoteFile } from '../io/download.js';
import { locateDataset, type SourceOptions } from '../io/locate.js';

/** A word → index map as Keras publishes it (index 1 is the most frequent word). */
export type WordIndex = Record<string, number>;

/**
 * Loads a Keras word-index JSON file (from `path`, the cache, or a verified download).
 * @throws DatasetFormatError when the file is not a JSON object of positive integer indices.
 */
export async function loadWordIndex(name: string, remote: RemoteFile, options: SourceOptions): Promise<WordIndex> {
  const located = await locateDataset({ name, layouts: [[[remote.name]]], cacheSubdirectory: '', remote: [remote] }, options);
  const file = located.files[0] ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await readFile(file)));
  } catch (error) {
    throw new DatasetFormatError(`${file}: not valid JSON (${(error as Error).message}). Delete it and download it again.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DatasetFormatError(`${file}: expected a JSON object mapping words to indices.`);
  }
  const index: WordIndex = Object.create(null);
  for (const [word, value] of Object.entries(parsed)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new DatasetFormatError(`${file}: the index of '${word}' is ${JSON.stringify(value)}, expected a positive integer.`);
    }
    index[word] = value;
  }
  return index;
}
