import type * as tf from '@tensorflow/tfjs-core';
import type { ConfusionCounts } from './confusion-counts.js';
import { ThresholdCount, type ThresholdCountOptions } from './threshold-count.js';

/** Weighted count of positive labels predicted negative (`score > threshold`), per threshold; default name `'false_negatives'`. */
export class FalseNegatives extends ThresholdCount {
  static override className = 'FalseNegatives';

  /** @param options name and thresholds (default 0.5). */
  constructor(options: ThresholdCountOptions = {}) {
    super(options, 'false_negatives');
  }

  protected pick(counts: ConfusionCounts): tf.Tensor {
    return counts.falseNegatives;
  }
}
