import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { DatasetValueError } from '../errors/errors.js';
import { type NdArray, toInt32Array } from '../formats/ndarray.js';
import { readNpz } from '../formats/npz.js';
import { locateDataset, type SourceOptions } from '../io/locate.js';
import { NumpyRandomState } from '../random/numpy-random-state.js';
import { limitVocabulary, offsetSequences, removeLongSequences, resolveSequenceOptions, type SequenceOptions, sequencesFrom } from './text-sequences.js';
import { KERAS_ORIGIN, type LoadedData } from './types.js';
import { loadWordIndex, type WordIndex } from './word-index.js';

/** Options for {@link reuters}`.loadData`: Keras's options plus where to find the data. */
export interface ReutersOptions extends SequenceOptions, SourceOptions {
  /** Fraction of the (shuffled) newswires used as test data, in [0, 1). Default 0.2. */
  testSplit?: number;
}

const REUTERS_FILE = {
  name: 'reuters.npz',
  url: `${KERAS_ORIGIN}reuters.npz`,
  hash: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916',
};
const WORD_INDEX_FILE = {
  name: 'reuters_word_index.json',
  url: `${KERAS_ORIGIN}reuters_word_index.json`,
  hash: '4d44cc38712099c9e383dc6e5f11a921',
};

/**
 * The Reuters newswire topics: 11,228 newswires labelled over 46 topics, each a sequence of word
 * indices ranked by frequency.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`. The sequences are ragged, so
 * `xTrain`/`xTest` are `number[][]` (as Keras returns object arrays of lists); pad them with
 * `padSequences` or multi-hot them with `vectorizeSequences`. `yTrain`/`yTest` are int32 tensors
 * `[n]` with topics 0–45. With the defaults, 8,982 train and 2,246 test newswires.
 * Shuffling uses numpy's `RandomState(seed)`, so a seed gives the same split as Keras.
 */
export const reuters = {
  /** Loads Reuters; see {@link reuters}. */
  async loadData(options: ReutersOptions = {}): Promise<LoadedData<number[][], tf.Tensor1D>> {
    const resolved = resolveSequenceOptions(options, 'reuters');
    const testSplit = options.testSplit ?? 0.2;
    if (!(testSplit >= 0 && testSplit < 1)) {
      throw new DatasetValueError(`reuters.loadData: testSplit must be in [0, 1), got ${testSplit}.`);
    }
    const located = await locateDataset({ name: 'reuters', layouts: [[[REUTERS_FILE.name]]], cacheSubdirectory: '', remote: [REUTERS_FILE] }, options);
    const where = located.files[0] ?? '';
    const arrays = readNpz(await readFile(where), where, ['x', 'y'], options);
    const allSequences = sequencesFrom(arrays['x'], `${where}:x`);
    const allLabels = Array.from(toInt32Array(arrays['y'] as NdArray, `${where}:y`));
    const order = new NumpyRandomState(resolved.seed).permutation(allSequences.length);
    let sequences = offsetSequences(
      order.map((i) => allSequences[i] ?? []),
      resolved,
    );
    let labels = order.map((i) => allLabels[i] ?? 0);
    if (resolved.maxlen) [sequences, labels] = removeLongSequences(resolved.maxlen, sequences, labels);
    sequences = limitVocabulary(sequences, resolved);
    const split = Math.floor(sequences.length * (1 - testSplit));
    return [
      [sequences.slice(0, split), tf.tensor1d(labels.slice(0, split), 'int32')],
      [sequences.slice(split), tf.tensor1d(labels.slice(split), 'int32')],
    ];
  },

  /**
   * The word → index map of Reuters (index 1 is the most frequent word). Indices in the loaded
   * sequences are these plus `indexFrom` (3 by default); see `decodeSequence`.
   */
  getWordIndex(options: SourceOptions = {}): Promise<WordIndex> {
    return loadWordIndex('reuters.getWordIndex', WORD_INDEX_FILE, options);
  },
};
