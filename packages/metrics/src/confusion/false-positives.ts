import type * as tf from '@tensorflow/tfjs-core';
import type { ConfusionCounts } from './confusion-counts.js';
import { ThresholdCount, type ThresholdCountOptions } from './threshold-count.js';

/** Weighted count of negative labels predicted positive (`score > threshold`), per threshold; default name `'false_positives'`. */
export class FalsePositives extends ThresholdCount {
  static override className = 'FalsePositives';

  /** @param options name and thresholds (default 0.5). */
  constructor(options: ThresholdCountOptions = {}) {
    super(options, 'false_positives');
  }

  protected pick(counts: ConfusionCounts): tf.Tensor {
    return counts.falsePositives;
  }
}
