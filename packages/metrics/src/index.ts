export { Accuracy, accuracy } from './accuracy/accuracy.js';
export { BinaryAccuracy, type BinaryAccuracyOptions, binaryAccuracy } from './accuracy/binary-accuracy.js';
export { CategoricalAccuracy, categoricalAccuracy } from './accuracy/categorical-accuracy.js';
export { SparseCategoricalAccuracy, sparseCategoricalAccuracy } from './accuracy/sparse-categorical-accuracy.js';
export {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
} from './accuracy/sparse-top-k-categorical-accuracy.js';
export {
  TopKCategoricalAccuracy,
  type TopKOptions,
  topKCategoricalAccuracy,
} from './accuracy/top-k-categorical-accuracy.js';
export { Metric, type MetricOptions } from './base/metric.js';
export { AUC, type AUCOptions } from './confusion/auc.js';
export {
  type ConfusionCounts,
  type ConfusionCountsInput,
  confusionCounts,
  NEG_INF,
} from './confusion/confusion-counts.js';
export { type ConfusionMatrixOptions, confusionMatrix } from './confusion/confusion-matrix.js';
export { FalseNegatives } from './confusion/false-negatives.js';
export { FalsePositives } from './confusion/false-positives.js';
export { Precision } from './confusion/precision.js';
export { PrecisionRecallBase, type PrecisionRecallOptions } from './confusion/precision-recall-base.js';
export { Recall } from './confusion/recall.js';
export { ThresholdCount, type ThresholdCountOptions } from './confusion/threshold-count.js';
export { TrueNegatives } from './confusion/true-negatives.js';
export { TruePositives } from './confusion/true-positives.js';
export { F1Score, type F1ScoreOptions } from './f-score/f1-score.js';
export { FBetaScore, type FBetaScoreOptions, type FScoreAverage } from './f-score/f-beta-score.js';
export { MeanIoU, type MeanIoUOptions } from './iou/mean-iou.js';
export {
  BinaryCrossentropy,
  type BinaryCrossentropyMetricOptions,
} from './loss-metrics/binary-crossentropy.js';
export {
  CategoricalCrossentropy,
  type CategoricalCrossentropyMetricOptions,
} from './loss-metrics/categorical-crossentropy.js';
export { MeanAbsoluteError } from './loss-metrics/mean-absolute-error.js';
export { MeanSquaredError } from './loss-metrics/mean-squared-error.js';
export {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyMetricOptions,
} from './loss-metrics/sparse-categorical-crossentropy.js';
export { Mean } from './reduction/mean.js';
export { MeanMetricWrapper, type MetricFunction } from './reduction/mean-metric-wrapper.js';
export { Sum } from './reduction/sum.js';
export { type R2ClassAggregation, R2Score, type R2ScoreOptions } from './regression/r2-score.js';
export { RootMeanSquaredError } from './regression/root-mean-squared-error.js';
export { getMetric, listMetricIdentifiers, type MetricIdentifier } from './registry/get-metric.js';
