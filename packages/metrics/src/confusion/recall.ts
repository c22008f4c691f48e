import { PrecisionRecallBase, type PrecisionRecallOptions } from './precision-recall-base.js';

/** `tp / (tp + fn)` over every sample seen, per threshold; default name `'recall'`. */
export class Recall extends PrecisionRecallBase {
  static override className = 'Recall';
  protected readonly countsFalseNegatives = true;

  /** @param options thresholds (default 0.5), topK, classId and name. */
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'recall');
  }
}
