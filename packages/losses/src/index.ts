export { type LabelRequirement, Loss, type LossFunction, type LossOptions } from './base/loss.js';
export { LossFunctionWrapper } from './base/loss-function-wrapper.js';
export {
  alignSampleWeight,
  checkReduction,
  REDUCTIONS,
  type Reduction,
  reduceWeightedValues,
} from './base/reduction.js';
export { EPSILON, squeezeOrExpandToSameRank } from './base/tensor-utils.js';
export { CategoricalHinge, categoricalHinge } from './hinge/categorical-hinge.js';
export { Hinge, hinge } from './hinge/hinge.js';
export { SquaredHinge, squaredHinge } from './hinge/squared-hinge.js';
export {
  BinaryCrossentropy,
  type BinaryCrossentropyConfig,
  type BinaryCrossentropyOptions,
  binaryCrossentropy,
} from './probabilistic/binary-crossentropy.js';
export {
  BinaryFocalCrossentropy,
  type BinaryFocalCrossentropyConfig,
  type BinaryFocalCrossentropyOptions,
  binaryFocalCrossentropy,
} from './probabilistic/binary-focal-crossentropy.js';
export {
  CategoricalCrossentropy,
  type CategoricalCrossentropyConfig,
  type CategoricalCrossentropyOptions,
  categoricalCrossentropy,
} from './probabilistic/categorical-crossentropy.js';
export {
  CategoricalFocalCrossentropy,
  type CategoricalFocalCrossentropyConfig,
  type CategoricalFocalCrossentropyOptions,
  categoricalFocalCrossentropy,
} from './probabilistic/categorical-focal-crossentropy.js';
export { KLDivergence, klDivergence } from './probabilistic/kl-divergence.js';
export { Poisson, poisson } from './probabilistic/poisson.js';
export {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyConfig,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './probabilistic/sparse-categorical-crossentropy.js';
export {
  CosineSimilarity,
  type CosineSimilarityConfig,
  type CosineSimilarityOptions,
  cosineSimilarity,
} from './regression/cosine-similarity.js';
export { Huber, type HuberConfig, type HuberOptions, huber } from './regression/huber.js';
export { LogCosh, logCosh } from './regression/log-cosh.js';
export { MeanAbsoluteError, meanAbsoluteError } from './regression/mean-absolute-error.js';
export {
  MeanAbsolutePercentageError,
  meanAbsolutePercentageError,
} from './regression/mean-absolute-percentage-error.js';
export { MeanSquaredError, meanSquaredError } from './regression/mean-squared-error.js';
export {
  MeanSquaredLogarithmicError,
  meanSquaredLogarithmicError,
} from './regression/mean-squared-logarithmic-error.js';
export { type CrossentropyKind, crossentropyKind, type TargetShapes } from './registry/crossentropy-kind.js';
export {
  getLoss,
  type LossIdentifier,
  listLossIdentifiers,
  type SerializedLoss,
} from './registry/get-loss.js';
