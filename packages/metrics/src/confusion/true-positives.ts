import type * as tf from '@tensorflow/tfjs-core';
import type { ConfusionCounts } from './confusion-counts.js';
import { ThresholdCount, type ThresholdCountOptions } from './threshold-count.js';

/** Weighted count of positive labels predicted positive (`score > threshold`), per threshold; default name `'true_positives'`. */
export class TruePositives extends ThresholdCount {
  static override className = 'TruePositives';

  /** @param options name and thresholds (default 0.5). */
  constructor(options: ThresholdCountOptions = {}) {
    super(options, 'true_positives');
  }

  protected pick(counts: ConfusionCounts): tf.Tensor {
    return counts.truePositives;
  }
}
