import { cosineSimilarity, crossentropyKind, getLoss, listLossIdentifiers, type TargetShapes } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import { normalizeIdentifier, Registry, ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { BinaryAccuracy } from '../accuracy/binary-accuracy.js';
import { CategoricalAccuracy } from '../accuracy/categorical-accuracy.js';
import { SparseCategoricalAccuracy } from '../accuracy/sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from '../accuracy/sparse-top-k-categorical-accuracy.js';
import { TopKCategoricalAccuracy } from '../accuracy/top-k-categorical-accuracy.js';
import { AUC } from '../confusion/auc.js';
import { FalseNegatives } from '../confusion/false-negatives.js';
import { FalsePositives } from '../confusion/false-positives.js';
import { Precision } from '../confusion/precision.js';
import { Recall } from '../confusion/recall.js';
import { TrueNegatives } from '../confusion/true-negatives.js';
import { TruePositives } from '../confusion/true-positives.js';
import { F1Score } from '../f-score/f1-score.js';
import { FBetaScore } from '../f-score/f-beta-score.js';
import { BinaryCrossentropy } from '../loss-metrics/binary-crossentropy.js';
import { CategoricalCrossentropy } from '../loss-metrics/categorical-crossentropy.js';
import { MeanAbsoluteError } from '../loss-metrics/mean-absolute-error.js';
import { MeanSquaredError } from '../loss-metrics/mean-squared-error.js';
import { SparseCategoricalCrossentropy } from '../loss-metrics/sparse-categorical-crossentropy.js';
import { Mean } from '../reduction/mean.js';
import { type MetricFunction, MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';
import { Sum } from '../reduction/sum.js';
import { R2Score } from '../regression/r2-score.js';
import { RootMeanSquaredError } from '../regression/root-mean-squared-error.js';

type MetricFactory = (options: MetricOptions) => Metric;

/** Cosine similarity as Keras reports it as a metric: positive when the vectors agree. */
function positiveCosineSimilarity(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(cosineSimilarity(yTrue, yPred)));
}

const ENTRIES: readonly (readonly [MetricFactory, readonly string[]])[] = [
  [(o) => new Mean(o), ['Mean', 'mean']],
  [(o) => new Sum(o), ['Sum', 'sum']],
  [(o) => new BinaryAccuracy(o), ['BinaryAccuracy', 'binaryAccuracy', 'binary_accuracy']],
  [(o) => new CategoricalAccuracy(o), ['CategoricalAccuracy', 'categoricalAccuracy', 'categorical_accuracy']],
  [(o) => new SparseCategoricalAccuracy(o), ['SparseCategoricalAccuracy', 'sparseCategoricalAccuracy', 'sparse_categorical_accuracy']],
  [(o) => new TopKCategoricalAccuracy(o), ['TopKCategoricalAccuracy', 'topKCategoricalAccuracy', 'top_k_categorical_accuracy']],
  [(o) => new SparseTopKCategoricalAccuracy(o), ['SparseTopKCategoricalAccuracy', 'sparseTopKCategoricalAccuracy', 'sparse_top_k_categorical_accuracy']],
  [(o) => new MeanSquaredError(o), ['MeanSquaredError', 'meanSquaredError', 'mean_squared_error', 'mse']],
  [(o) => new MeanAbsoluteError(o), ['MeanAbsoluteError', 'meanAbsoluteError', 'mean_absolute_error', 'mae']],
  [(o) => new CategoricalCrossentropy(o), ['CategoricalCrossentropy', 'categoricalCrossentropy', 'categorical_crossentropy']],
  [(o) => new SparseCategoricalCrossentropy(o), ['SparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy']],
  [(o) => new BinaryCrossentropy(o), ['BinaryCrossentropy', 'binaryCrossentropy', 'binary_crossentropy', 'bce']],
  [(o) => new RootMeanSquaredError(o), ['RootMeanSquaredError', 'rootMeanSquaredError', 'root_mean_squared_error', 'rmse']],
  [(o) => new R2Score(o), ['R2Score', 'r2Score', 'r2_score']],
  [(o) => new AUC(o), ['AUC', 'auc']],
  [(o) => new Precision(o), ['Precision', 'precision']],
  [(o) => new Recall(o), ['Recall', 'recall']],
  [(o) => new TruePositives(o), ['TruePositives', 'truePositives', 'true_positives']],
  [(o) => new FalsePositives(o), ['FalsePositives', 'falsePositives', 'false_positives']],
  [(o) => new TrueNegatives(o), ['TrueNegatives', 'trueNegatives', 'true_negatives']],
  [(o) => new FalseNegatives(o), ['FalseNegatives', 'falseNegatives', 'false_negatives']],
  [(o) => new F1Score(o), ['F1Score', 'f1Score', 'f1_score']],
  [(o) => new FBetaScore(o), ['FBetaScore', 'fBetaScore', 'fbeta_score']],
  [(o) => new MeanMetricWrapper(positiveCosineSimilarity, o), ['CosineSimilarity', 'cosineSimilarity', 'cosine_similarity']],
];

// Lookup ignores case, '_', '-' and spaces, so 'MSE' and 'Binary_Accuracy' resolve too.
const METRICS = new Registry<MetricFactory>({
  kind: 'metric',
  validLabel: 'Valid metric identifiers',
  hint: 'Pass one of these names, a Metric instance, or a function (yTrue, yPred) => Tensor.',
});
for (const [factory, names] of ENTRIES) METRICS.register(names, factory);

const ACCURACY_IDENTIFIERS = ['accuracy', 'acc'];
const CROSSENTROPY_IDENTIFIERS = ['crossentropy', 'ce'];
const NEEDS_OPTIONS = ['MeanIoU', 'meanIoU', 'mean_iou'];

/** Loss identifiers that become a {@link MeanMetricWrapper} of the loss's per-sample function. */
function lossFallbackNames(): string[] {
  return listLossIdentifiers().filter((name) => !METRICS.has(name) && !CROSSENTROPY_IDENTIFIERS.includes(normalizeIdentifier(name)));
}

/** Every string {@link getMetric} accepts, sorted. */
export function listMetricIdentifiers(): string[] {
  return [...METRICS.names(), ...ACCURACY_IDENTIFIERS, ...CROSSENTROPY_IDENTIFIERS, ...lossFallbackNames()].sort((a, b) => a.localeCompare(b));
}

/** Anything {@link getMetric} resolves. */
export type MetricIdentifier = string | Metric | MetricFunction;

/**
 * Resolves a `compile()` metric entry for one output, as Keras 3's `compile_utils.get_metric`:
 * `'accuracy'`/`'acc'` (and `'crossentropy'`/`'ce'`) become the binary, sparse or categorical
 * form chosen from `context` shapes; metric names in camelCase, snake_case or class name create
 * that metric; other loss names wrap the loss's per-sample function in a
 * {@link MeanMetricWrapper}. A string-created metric is named exactly as written (so
 * `metrics: ['mse']` logs `mse`). A function is wrapped under its own name; a Metric is
 * returned as is. Unknown names throw listing the valid ones.
 */
export function getMetric(identifier: MetricIdentifier, context?: TargetShapes): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier);
  if (typeof identifier !== 'string') {
    throw new ValueError(
      `getMetric expects a metric name, a function (yTrue, yPred) => Tensor or a Metric, got ${identifier === null ? 'null' : typeof identifier}.`,
    );
  }
  const name = identifier;
  const key = normalizeIdentifier(identifier);
  if (ACCURACY_IDENTIFIERS.includes(key)) {
    const kind = crossentropyKind(identifier, context);
    if (kind === 'binary') return new BinaryAccuracy({ name });
    if (kind === 'sparse') return new SparseCategoricalAccuracy({ name });
    return new CategoricalAccuracy({ name });
  }
  if (CROSSENTROPY_IDENTIFIERS.includes(key)) {
    const kind = crossentropyKind(identifier, context);
    if (kind === 'binary') return new BinaryCrossentropy({ name });
    if (kind === 'sparse') return new SparseCategoricalCrossentropy({ name });
    return new CategoricalCrossentropy({ name });
  }
  if (NEEDS_OPTIONS.some((needsOptions) => normalizeIdentifier(needsOptions) === key)) {
    throw new ValueError(`Metric '${identifier}' needs numClasses; pass an instance instead: new MeanIoU({ numClasses }).`);
  }
  const factory = METRICS.get(identifier);
  if (factory !== undefined) return factory({ name });
  if (lossFallbackNames().some((lossName) => normalizeIdentifier(lossName) === key)) {
    const loss = getLoss(identifier);
    return new MeanMetricWrapper((yTrue, yPred) => loss.call(yTrue, yPred), { name });
  }
  throw METRICS.unknownError(identifier, listMetricIdentifiers());
}
