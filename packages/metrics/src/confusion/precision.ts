import { PrecisionRecallBase, type PrecisionRecallOptions } from './precision-recall-base.js';

/** `tp / (tp + fp)` over every sample seen, per threshold; default name `'precision'`. */
export class Precision extends PrecisionRecallBase {
  static override className = 'Precision';
  protected readonly countsFalseNegatives = false;

  /** @param options thresholds (default 0.5), topK, classId and name. */
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'precision');
  }
}
