import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, take } from '../testing/metric.test-utils.js';
import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  it('counts label (row) / prediction (column) pairs (Keras docstring example)', () => {
    const matrix = confusionMatrix(tf.tensor1d([1, 2, 4], 'int32'), tf.tensor1d([2, 2, 4], 'int32'), 5);
    expect(matrix.dtype).toBe('int32');
    expect(matrix.shape).toEqual([5, 5]);
    const expected = Array.from({ length: 25 }, () => 0);
    expected[1 * 5 + 2] = 1;
    expected[2 * 5 + 2] = 1;
    expected[4 * 5 + 4] = 1;
    expect(take(matrix)).toEqual(expected);
  });

  it('sums weights and accepts [n, 1] inputs', () => {
    const labels = [0, 1, 1, 2, 2, 2];
    const predictions = [0, 1, 2, 2, 2, 0];
    const weights = [0.5, 1, 2, 1, 1, 3];
    const expected = Array.from({ length: 9 }, () => 0);
    labels.forEach((label, i) => {
      const cell = label * 3 + (predictions[i] as number);
      expected[cell] = (expected[cell] as number) + (weights[i] as number);
    });
    const matrix = confusionMatrix(tf.tensor2d(labels, [6, 1]), tf.tensor1d(predictions), 3, {
      weights: tf.tensor1d(weights),
      dtype: 'float32',
    });
    expectAllClose(take(matrix), expected);
  });

  it('validates its arguments and leaks nothing', () => {
    const labels = tf.tensor1d([0, 1]);
    const predictions = tf.tensor1d([0, 1, 1]);
    expect(() => confusionMatrix(labels, predictions, 2)).toThrow(/labels and predictions must hold one class id per sample each, got shapes \[2\] and \[3\]/);
    expect(() => confusionMatrix(labels, labels, 0)).toThrow(/numClasses must be a positive integer, got 0/);
    const before = tf.memory().numTensors;
    confusionMatrix(labels, labels, 2).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([labels, predictions]);
  });
});
