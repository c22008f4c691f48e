import type * as tf from '@tensorflow/tfjs-core';
import type { ConfusionCounts } from './confusion-counts.js';
import { ThresholdCount, type ThresholdCountOptions } from './threshold-count.js';

/** Weighted count of negative labels predicted negative (`score > threshold`), per threshold; default name `'true_negatives'`. */
export class TrueNegatives extends ThresholdCount {
  static override className = 'TrueNegatives';

  /** @param options name and thresholds (default 0.5). */
  constructor(options: ThresholdCountOptions = {}) {
    super(options, 'true_negatives');
  }

  protected pick(counts: ConfusionCounts): tf.Tensor {
    return counts.trueNegatives;
  }
}
