import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KerasError, ValueError } from '@keras-ts/common';
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
import { expectAllClose, take } from '../testing/numeric.test-utils.js';
import { crossentropyKind } from './crossentropy-kind.js';
import { getLoss, listLossIdentifiers } from './get-loss.js';

describe('getLoss', () => {
  const cases: [string, new () => object][] = [
    ['categoricalCrossentropy', CategoricalCrossentropy],
    ['categorical_crossentropy', CategoricalCrossentropy],
    ['sparseCategoricalCrossentropy', SparseCategoricalCrossentropy],
    ['sparse_categorical_crossentropy', SparseCategoricalCrossentropy],
    ['binaryCrossentropy', BinaryCrossentropy],
    ['binary_crossentropy', BinaryCrossentropy],
    ['meanSquaredError', MeanSquaredError],
    ['mean_squared_error', MeanSquaredError],
    ['mse', MeanSquaredError],
    ['MSE', MeanSquaredError],
    ['meanAbsoluteError', MeanAbsoluteError],
    ['mae', MeanAbsoluteError],
    ['mape', MeanAbsolutePercentageError],
    ['msle', MeanSquaredLogarithmicError],
    ['huber', Huber],
    ['logCosh', LogCosh],
    ['log_cosh', LogCosh],
    ['kld', KLDivergence],
    ['kl_divergence', KLDivergence],
    ['kullback_leibler_divergence', KLDivergence],
    ['poisson', Poisson],
    ['hinge', Hinge],
    ['squaredHinge', SquaredHinge],
    ['categoricalHinge', CategoricalHinge],
    ['cosineSimilarity', CosineSimilarity],
    ['binaryFocalCrossentropy', BinaryFocalCrossentropy],
    ['categoricalFocalCrossentropy', CategoricalFocalCrossentropy],
    ['CategoricalCrossentropy', CategoricalCrossentropy],
  ];

  it.each(cases)('resolves %s', (identifier, lossClass) => {
    expect(getLoss(identifier)).toBeInstanceOf(lossClass);
  });

  it('returns Loss instances unchanged and wraps plain functions under their name', () => {
    const loss = new Huber({ delta: 3 });
    expect(getLoss(loss)).toBe(loss);
    function doubledError(yTrue: tf.Tensor, yPred: tf.Tensor) {
      return tf.mul(2, tf.mean(tf.abs(tf.sub(yTrue, yPred)), -1));
    }
    const wrapped = getLoss(doubledError);
    expect(wrapped).toBeInstanceOf(LossFunctionWrapper);
    expect(wrapped.name).toBe('doubledError');
    expectAllClose(take(wrapped.compute(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]]))), [3]);
  });

  it('deserializes { className, config }', () => {
    const config = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }).getConfig();
    const loss = getLoss({ className: 'CategoricalCrossentropy', config });
    expect(loss).toBeInstanceOf(CategoricalCrossentropy);
    expect(loss.getConfig()).toEqual(config);
    expect(() => getLoss({ className: 'LossFunctionWrapper' })).toThrow(/not serializable/);
  });

  it("resolves 'crossentropy' and 'ce' from the target and prediction shapes", () => {
    expect(getLoss('crossentropy', { yTrueShape: [null, 1], yPredShape: [null, 1] })).toBeInstanceOf(BinaryCrossentropy);
    expect(getLoss('ce', { yTrueShape: [null], yPredShape: [null, 10] })).toBeInstanceOf(SparseCategoricalCrossentropy);
    expect(getLoss('ce', { yTrueShape: [null, 1], yPredShape: [null, 10] })).toBeInstanceOf(SparseCategoricalCrossentropy);
    const categorical = getLoss('crossentropy', { yTrueShape: [null, 10], yPredShape: [null, 10] });
    expect(categorical).toBeInstanceOf(CategoricalCrossentropy);
    expect(categorical.name).toBe('crossentropy');
    expect(() => getLoss('crossentropy')).toThrow(/yTrueShape and yPredShape were not given/);
  });

  it('throws on unknown identifiers, listing the valid ones', () => {
    expect(() => getLoss('meanSquareError')).toThrow(/Unknown loss 'meanSquareError'\. Valid loss identifiers: .*categoricalCrossentropy.*mse/);
    expect(() => getLoss({ className: 'Nope' })).toThrow(/Unknown loss 'Nope'/);
    expect(() => getLoss(7 as never)).toThrow(/getLoss expects a loss name, a function, a Loss or \{ className, config \}, got number/);
  });

  it('throws ValueError (a KerasError) for a mistyped loss name, with the valid names and the fix', () => {
    let caught: unknown;
    try {
      getLoss('categoricalCrossentropyy');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValueError);
    expect(caught).toBeInstanceOf(KerasError);
    const message = (caught as ValueError).message;
    expect(message).toContain("Unknown loss 'categoricalCrossentropyy'. Valid loss identifiers: ");
    expect(message).toContain('categorical_crossentropy');
    expect(message).toContain('Pass one of these names, a Loss instance, or a function (yTrue, yPred) => Tensor.');
    expect(() => getLoss({ className: 'LossFunctionWrapper' })).toThrow(ValueError);
    expect(() => tf.tidy(() => new Huber({ delta: -1 }).call(tf.zeros([1, 1]), tf.zeros([1, 1])))).toThrow(ValueError);
  });

  it('ignores case and underscores, as every keras-ts identifier lookup does', () => {
    expect(getLoss('Mean_Squared_Error')).toBeInstanceOf(MeanSquaredError);
    expect(getLoss('KLD')).toBeInstanceOf(KLDivergence);
    expect(getLoss('huberLoss')).toBeInstanceOf(Huber);
    expect(getLoss('Cross_Entropy', { yTrueShape: [null, 1], yPredShape: [null, 1] })).toBeInstanceOf(BinaryCrossentropy);
  });

  it('lists every identifier once', () => {
    const names = listLossIdentifiers();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('sparse_categorical_crossentropy');
  });
});

describe('crossentropyKind', () => {
  it('follows Keras 3 is_binary_or_sparse_categorical', () => {
    expect(crossentropyKind('acc', { yTrueShape: [4, 1], yPredShape: [4, 1] })).toBe('binary');
    expect(crossentropyKind('acc', { yTrueShape: [4], yPredShape: [4, 1] })).toBe('binary');
    expect(crossentropyKind('acc', { yTrueShape: [4], yPredShape: [4, 3] })).toBe('sparse');
    expect(crossentropyKind('acc', { yTrueShape: [4, 1], yPredShape: [4, 3] })).toBe('sparse');
    expect(crossentropyKind('acc', { yTrueShape: [4, 3], yPredShape: [4, 3] })).toBe('categorical');
    expect(crossentropyKind('acc', { yTrueShape: [4, 7, 1], yPredShape: [4, 7, 5] })).toBe('sparse');
  });
});
