import { normalizeIdentifier, Registry, ValueError } from '@keras-ts/common';
import { Loss, type LossFunction } from '../base/loss.js';
import { LossFunctionWrapper } from '../base/loss-function-wrapper.js';
import { CategoricalHinge } from '../hinge/categorical-hinge.js';
import { Hinge } from '../hinge/hinge.js';
import { SquaredHinge } from '../hinge/squared-hinge.js';
import { BinaryCrossentropy } from '../probabilistic/binary-crossentropy.js';
import { BinaryFocalCrossentropy } from '../probabilistic/binary-focal-crossentropy.js';
import { CategoricalCrossentropy } from '../probabilistic/categorical-crossentropy.js';
import { CategoricalFocalCrossentropy } from '../probabilistic/categorical-focal-crossentropy.js';
import { KLDivergence } from '../probabilistic/kl-divergence.js';
import { Poisson } from '../probabilistic/poisson.js';
import { SparseCategoricalCrossentropy } from '../probabilistic/sparse-categorical-crossentropy.js';
import { CosineSimilarity } from '../regression/cosine-similarity.js';
import { Huber } from '../regression/huber.js';
import { LogCosh } from '../regression/log-cosh.js';
import { MeanAbsoluteError } from '../regression/mean-absolute-error.js';
import { MeanAbsolutePercentageError } from '../regression/mean-absolute-percentage-error.js';
import { MeanSquaredError } from '../regression/mean-squared-error.js';
import { MeanSquaredLogarithmicError } from '../regression/mean-squared-logarithmic-error.js';
import { crossentropyKind, type TargetShapes } from './crossentropy-kind.js';

// biome-ignore lint/suspicious/noExplicitAny: each loss class takes its own config type.
type LossClass = (new (config?: any) => Loss) & { className: string };

/** Loss classes with every name they answer to: camelCase, Keras snake_case, class name, aliases. */
const ENTRIES: readonly (readonly [LossClass, readonly string[]])[] = [
  [CategoricalCrossentropy, ['categoricalCrossentropy', 'categorical_crossentropy']],
  [SparseCategoricalCrossentropy, ['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy']],
  [BinaryCrossentropy, ['binaryCrossentropy', 'binary_crossentropy', 'bce']],
  [BinaryFocalCrossentropy, ['binaryFocalCrossentropy', 'binary_focal_crossentropy']],
  [CategoricalFocalCrossentropy, ['categoricalFocalCrossentropy', 'categorical_focal_crossentropy']],
  [MeanSquaredError, ['meanSquaredError', 'mean_squared_error', 'mse']],
  [MeanAbsoluteError, ['meanAbsoluteError', 'mean_absolute_error', 'mae']],
  [MeanAbsolutePercentageError, ['meanAbsolutePercentageError', 'mean_absolute_percentage_error', 'mape']],
  [MeanSquaredLogarithmicError, ['meanSquaredLogarithmicError', 'mean_squared_logarithmic_error', 'msle']],
  [Huber, ['huber', 'huber_loss', 'huberLoss']],
  [LogCosh, ['logCosh', 'log_cosh']],
  [KLDivergence, ['klDivergence', 'kl_divergence', 'kld', 'kullbackLeiblerDivergence', 'kullback_leibler_divergence']],
  [Poisson, ['poisson']],
  [Hinge, ['hinge']],
  [SquaredHinge, ['squaredHinge', 'squared_hinge']],
  [CategoricalHinge, ['categoricalHinge', 'categorical_hinge']],
  [CosineSimilarity, ['cosineSimilarity', 'cosine_similarity']],
];

// Lookup ignores case, '_', '-' and spaces, so 'MSE', 'huberLoss' and 'Huber_Loss' resolve too.
const LOSSES = new Registry<LossClass>({
  kind: 'loss',
  validLabel: 'Valid loss identifiers',
  hint: 'Pass one of these names, a Loss instance, or a function (yTrue, yPred) => Tensor.',
});
for (const [lossClass, names] of ENTRIES) LOSSES.register([lossClass.className, ...names], lossClass);

const CROSSENTROPY_IDENTIFIERS = ['crossentropy', 'ce'];

/**
 * Every loss name {@link getLoss} accepts, sorted, in its documented spellings (lookup also takes
 * any other casing or '_' placement of them: 'MSE', 'CategoricalCrossentropy').
 */
export function listLossIdentifiers(): string[] {
  return [...LOSSES.names(), ...CROSSENTROPY_IDENTIFIERS].sort((a, b) => a.localeCompare(b));
}

/** A serialized loss: a Keras class name and its camelCase config. */
export interface SerializedLoss {
  /** Keras class name, e.g. `'CategoricalCrossentropy'`. */
  className: string;
  /** Options passed to the class constructor. */
  config?: Record<string, unknown>;
}

/** Anything {@link getLoss} resolves: a name, a per-sample function, a {@link Loss}, or a serialized loss. */
export type LossIdentifier = string | LossFunction | Loss | SerializedLoss;

function unknownLoss(identifier: string): ValueError {
  return LOSSES.unknownError(identifier, listLossIdentifiers());
}

/**
 * Resolves a loss identifier to a {@link Loss}: names in camelCase, Keras snake_case, class
 * name or alias (`'mse'`, `'kld'`, …) create the loss class with defaults; a plain function is
 * wrapped in a {@link LossFunctionWrapper} named after it; a `{ className, config }` object is
 * deserialized; a Loss is returned as is. `'crossentropy'`/`'ce'` pick binary, sparse or
 * categorical crossentropy from `context` shapes as Keras's compile does. Unknown names throw
 * listing the valid ones.
 */
export function getLoss(identifier: LossIdentifier, context?: TargetShapes): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'string') {
    if (CROSSENTROPY_IDENTIFIERS.includes(normalizeIdentifier(identifier))) {
      const kind = crossentropyKind(identifier, context);
      if (kind === 'binary') return new BinaryCrossentropy({ name: identifier });
      if (kind === 'sparse') return new SparseCategoricalCrossentropy({ name: identifier });
      return new CategoricalCrossentropy({ name: identifier });
    }
    const lossClass = LOSSES.get(identifier);
    if (lossClass === undefined) throw unknownLoss(identifier);
    return new lossClass();
  }
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') {
    if (identifier.className === LossFunctionWrapper.className) {
      throw new ValueError(
        'Cannot recreate a LossFunctionWrapper from its config: the wrapped function is not serializable. ' + 'Pass the function itself to getLoss.',
      );
    }
    const lossClass = LOSSES.get(identifier.className);
    if (lossClass === undefined) throw unknownLoss(identifier.className);
    return new lossClass(identifier.config ?? {});
  }
  throw new ValueError(`getLoss expects a loss name, a function, a Loss or { className, config }, got ${identifier === null ? 'null' : typeof identifier}.`);
}
