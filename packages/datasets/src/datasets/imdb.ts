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

/** Options for {@link imdb}`.loadData`: Keras's options plus where to find the data. */
export interface ImdbOptions extends SequenceOptions, SourceOptions {}

const IMDB_FILE = { name: 'imdb.npz', url: `${KERAS_ORIGIN}imdb.npz`, hash: '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f' };
const WORD_INDEX_FILE = {
  name: 'imdb_word_index.json',
  url: `${KERAS_ORIGIN}imdb_word_index.json`,
  hash: 'bfafd718b763782e994055a2d397834f',
};

function shuffled(random: NumpyRandomState, sequences: number[][], labels: number[]): [number[][], number[]] {
  const order = random.permutation(sequences.length);
  return [order.map((i) => sequences[i] ?? []), order.map((i) => labels[i] ?? 0)];
}

/**
 * The IMDB movie reviews: 25,000 training and 25,000 test reviews labelled positive (1) or
 * negative (0), each a sequence of word indices ranked by frequency.
 *
 * `loadData()` resolves to `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain`/`xTest` are ragged
 * `number[][]` (Keras returns lists), `yTrain`/`yTest` int32 tensors `[n]` of 0/1. Train and test
 * are shuffled separately with numpy's `RandomState(seed)`, as Keras does.
 * @throws DatasetValueError when `maxlen` leaves no sequence in either set.
 */
export const imdb = {
  /** Loads IMDB; see {@link imdb}. */
  async loadData(options: ImdbOptions = {}): Promise<LoadedData<number[][], tf.Tensor1D>> {
    const resolved = resolveSequenceOptions(options, 'imdb');
    const located = await locateDataset({ name: 'imdb', layouts: [[[IMDB_FILE.name]]], cacheSubdirectory: '', remote: [IMDB_FILE] }, options);
    const where = located.files[0] ?? '';
    const arrays = readNpz(await readFile(where), where, ['x_train', 'y_train', 'x_test', 'y_test'], options);
    const labelsOf = (key: string) => Array.from(toInt32Array(arrays[key] as NdArray, `${where}:${key}`));
    const random = new NumpyRandomState(resolved.seed);
    let [xTrain, yTrain] = shuffled(random, sequencesFrom(arrays['x_train'], `${where}:x_train`), labelsOf('y_train'));
    let [xTest, yTest] = shuffled(random, sequencesFrom(arrays['x_test'], `${where}:x_test`), labelsOf('y_test'));
    xTrain = offsetSequences(xTrain, resolved);
    xTest = offsetSequences(xTest, resolved);
    if (resolved.maxlen) {
      [xTrain, yTrain] = removeLongSequences(resolved.maxlen, xTrain, yTrain);
      [xTest, yTest] = removeLongSequences(resolved.maxlen, xTest, yTest);
      if (xTrain.length === 0 || xTest.length === 0) {
        throw new DatasetValueError(`imdb.loadData: after keeping sequences shorter than maxlen=${resolved.maxlen}, no sequence was left. Increase maxlen.`);
      }
    }
    const limited = limitVocabulary([...xTrain, ...xTest], resolved);
    const split = xTrain.length;
    return [
      [limited.slice(0, split), tf.tensor1d(yTrain, 'int32')],
      [limited.slice(split), tf.tensor1d(yTest, 'int32')],
    ];
  },

  /**
   * The word → index map of IMDB (index 1 is the most frequent word). Indices in the loaded
   * sequences are these plus `indexFrom` (3 by default); see `decodeSequence`.
   */
  getWordIndex(options: SourceOptions = {}): Promise<WordIndex> {
    return loadWordIndex('imdb.getWordIndex', WORD_INDEX_FILE, options);
  },
};
