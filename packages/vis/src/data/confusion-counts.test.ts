import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { confusionCounts } from './confusion-counts.js';

describe('confusionCounts', () => {
  const yTrue = [0, 0, 1, 1, 1, 2, 2, 2, 2];
  const yPred = [0, 1, 1, 1, 2, 2, 2, 0, 2];

  it('counts (true, predicted) pairs with rows = true labels', () => {
    // By hand: row 0 → {0:1, 1:1}; row 1 → {1:2, 2:1}; row 2 → {0:1, 2:3}.
    expect(confusionCounts(yTrue, yPred)).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [1, 0, 3],
    ]);
  });

  it('accepts int tensors and probability matrices, without leaking tensors', () => {
    const truth = tf.tensor1d(yTrue, 'int32');
    const scores = tf.oneHot(tf.tensor1d(yPred, 'int32'), 3);
    const before = tf.memory().numTensors;
    expect(confusionCounts(truth, scores)).toEqual(confusionCounts(yTrue, yPred));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([truth, scores]);
  });

  it('honours numClasses and rejects out-of-range or mismatched labels', () => {
    expect(confusionCounts([0], [0], { numClasses: 3 })).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(() => confusionCounts([0, 3], [0, 1], { numClasses: 3 })).toThrow(/below numClasses \(3\); found label 3/);
    expect(() => confusionCounts([0, 1], [0])).toThrow(/same number of samples; got 2 and 1/);
    expect(() => confusionCounts([0, 1.5], [0, 1])).toThrow(/yTrue\[1\]: class labels must be non-negative integers, got 1.5/);
  });
});
