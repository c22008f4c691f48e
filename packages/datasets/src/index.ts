export { mnist, type MnistOptions } from './datasets/mnist.js';
export { fashionMnist, FASHION_MNIST_CLASS_NAMES, type FashionMnistOptions } from './datasets/fashion-mnist.js';
export { reuters, type ReutersOptions } from './datasets/reuters.js';
export { imdb, type ImdbOptions } from './datasets/imdb.js';
export { cifar10, CIFAR10_CLASS_NAMES, type Cifar10Options } from './datasets/cifar10.js';
export { cifar100, type Cifar100Options } from './datasets/cifar100.js';
export { bostonHousing, type BostonHousingOptions } from './datasets/boston-housing.js';
export { californiaHousing, type CaliforniaHousingOptions } from './datasets/california-housing.js';
export type { LoadedData } from './datasets/types.js';
export type { SequenceOptions } from './datasets/text-sequences.js';
export type { WordIndex } from './datasets/word-index.js';
export { padSequences, type PadSequencesOptions } from './preprocessing/pad-sequences.js';
export { vectorizeSequences } from './preprocessing/vectorize-sequences.js';
export { decodeSequence, type DecodeSequenceOptions } from './preprocessing/decode-sequence.js';
export { readIdx } from './formats/idx.js';
export { readNpy, readNpyHeader, type NpyHeader } from './formats/npy.js';
export { readNpz } from './formats/npz.js';
export { readPickle, type PickleValue } from './formats/pickle.js';
export { readTar } from './formats/tar.js';
export { DEFAULT_MAX_INFLATED_BYTES, type InflateOptions } from './formats/inflate.js';
export type { NdArray, NumericData } from './formats/ndarray.js';
export { setFetch, type FetchLike, type FetchResponseLike } from './io/fetch.js';
export type { SourceOptions } from './io/locate.js';
export type { ProgressStream } from './io/progress-bar.js';
export { datasetsDirectory, DATASETS_ENVIRONMENT_VARIABLE } from './io/cache-directory.js';
export {
  ChecksumError,
  DatasetError,
  DatasetFormatError,
  DatasetNotFoundError,
  DatasetValueError,
  DecompressionLimitError,
  UnpicklingError,
} from './errors/errors.js';
export { toCategorical } from '@keras-ts/core';
