import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KerasError, ValueError } from '@keras-ts/common';
import { BinaryAccuracy } from '../accuracy/binary-accuracy.js';
import { CategoricalAccuracy } from '../accuracy/categorical-accuracy.js';
import { SparseCategoricalAccuracy } from '../accuracy/sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from '../accuracy/sparse-top-k-categorical-accuracy.js';
import { AUC } from '../confusion/auc.js';
import { Precision } from '../confusion/precision.js';
import { Recall } from '../confusion/recall.js';
import { F1Score } from '../f-score/f1-score.js';
import { BinaryCrossentropy } from '../loss-metrics/binary-crossentropy.js';
import { CategoricalCrossentropy } from '../loss-metrics/categorical-crossentropy.js';
import { MeanAbsoluteError } from '../loss-metrics/mean-absolute-error.js';
import { MeanSquaredError } from '../loss-metrics/mean-squared-error.js';
import { SparseCategoricalCrossentropy } from '../loss-metrics/sparse-categorical-crossentropy.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';
import { R2Score } from '../regression/r2-score.js';
import { RootMeanSquaredError } from '../regression/root-mean-squared-error.js';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { getMetric, listMetricIdentifiers } from './get-metric.js';

const shapes = (yTrueShape: (number | null)[], yPredShape: (number | null)[]) => ({ yTrueShape, yPredShape });

describe('getMetric', () => {
  it("resolves 'accuracy' / 'acc' by Keras 3's rule and keeps the name the user wrote", () => {
    const binary = getMetric('accuracy', shapes([null, 1], [null, 1]));
    expect(binary).toBeInstanceOf(BinaryAccuracy);
    expect(binary.name).toBe('accuracy');
    const sparse = getMetric('acc', shapes([null], [null, 10]));
    expect(sparse).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(sparse.name).toBe('acc');
    expect(getMetric('accuracy', shapes([null, 1], [null, 10]))).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(getMetric('accuracy', shapes([null, 10], [null, 10]))).toBeInstanceOf(CategoricalAccuracy);
    expect(getMetric('Accuracy', shapes([null], [null, 1]))).toBeInstanceOf(BinaryAccuracy);
    expect(() => getMetric('accuracy')).toThrow(/yTrueShape and yPredShape were not given/);
  });

  it("resolves 'crossentropy' / 'ce' the same way", () => {
    expect(getMetric('crossentropy', shapes([null, 1], [null, 1]))).toBeInstanceOf(BinaryCrossentropy);
    expect(getMetric('ce', shapes([null], [null, 3]))).toBeInstanceOf(SparseCategoricalCrossentropy);
    const categorical = getMetric('ce', shapes([null, 3], [null, 3]));
    expect(categorical).toBeInstanceOf(CategoricalCrossentropy);
    expect(categorical.name).toBe('ce');
  });

  it('creates named metrics from camelCase, snake_case, class names and aliases, named as written', () => {
    const cases: [string, new (...args: never[]) => object][] = [
      ['mse', MeanSquaredError],
      ['MSE', MeanSquaredError],
      ['meanSquaredError', MeanSquaredError],
      ['mean_absolute_error', MeanAbsoluteError],
      ['mae', MeanAbsoluteError],
      ['categoricalCrossentropy', CategoricalCrossentropy],
      ['sparse_categorical_crossentropy', SparseCategoricalCrossentropy],
      ['binaryAccuracy', BinaryAccuracy],
      ['sparse_top_k_categorical_accuracy', SparseTopKCategoricalAccuracy],
      ['AUC', AUC],
      ['auc', AUC],
      ['precision', Precision],
      ['Recall', Recall],
      ['f1_score', F1Score],
      ['r2Score', R2Score],
      ['rmse', RootMeanSquaredError],
    ];
    for (const [identifier, metricClass] of cases) {
      const metric = getMetric(identifier);
      expect(metric, identifier).toBeInstanceOf(metricClass);
      expect(metric.name).toBe(identifier);
      metric.dispose();
    }
  });

  it('wraps the remaining loss identifiers as mean metrics of the per-sample loss', () => {
    const metric = getMetric('mape');
    expect(metric).toBeInstanceOf(MeanMetricWrapper);
    expect(metric.name).toBe('mape');
    const expected = ((100 * 1) / 2 + (100 * 1) / 4) / 2;
    expectAllClose(runBatches(metric, [{ yTrue: [[2], [4]], yPred: [[1], [3]] }]), [expected]);
    metric.dispose();
    const cosine = getMetric('cosine_similarity');
    expectAllClose(runBatches(cosine, [{ yTrue: [[1, 0]], yPred: [[2, 0]] }]), [1]);
    cosine.dispose();
  });

  it('returns Metric instances as is and wraps functions under their name', () => {
    const precision = new Precision({ thresholds: 0.3 });
    expect(getMetric(precision)).toBe(precision);
    precision.dispose();
    function mean_pred(_yTrue: tf.Tensor, yPred: tf.Tensor) {
      return tf.mean(yPred, -1);
    }
    const wrapped = getMetric(mean_pred);
    expect(wrapped).toBeInstanceOf(MeanMetricWrapper);
    expect(wrapped.name).toBe('mean_pred');
    wrapped.dispose();
  });

  it('throws on unknown names listing the valid ones, and explains MeanIoU', () => {
    expect(() => getMetric('acuracy')).toThrow(/Unknown metric 'acuracy'\. Valid metric identifiers: .*accuracy.*mse/);
    expect(() => getMetric('mean_iou')).toThrow(/needs numClasses.*new MeanIoU\(\{ numClasses \}\)/);
    expect(() => getMetric(3 as never)).toThrow(/getMetric expects a metric name/);
    const names = listMetricIdentifiers();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['accuracy', 'acc', 'huber', 'kld', 'binary_accuracy']));
  });

  it('throws ValueError (a KerasError) for a bad metric, and accepts any casing of a valid one', () => {
    expect(() => getMetric('acuracy')).toThrow(ValueError);
    expect(() => getMetric('acuracy')).toThrow(/Pass one of these names, a Metric instance, or a function/);
    expect(() => getMetric('meanIoU')).toThrow(ValueError);
    expect(() => getMetric(null as never)).toThrow(KerasError);
    expect(() => new AUC({ curve: 'XY' as never })).toThrow(ValueError);
    const metric = getMetric('Binary_Accuracy');
    expect(metric).toBeInstanceOf(BinaryAccuracy);
    expect(metric.name).toBe('Binary_Accuracy');
    metric.dispose();
    const fromLoss = getMetric('KLD');
    expect(fromLoss.name).toBe('KLD');
    fromLoss.dispose();
  });
});
