import { ValueError } from '@keras-ts/common';
import { type NumericData, readLabels } from './values.js';

/** Options for {@link confusionCounts}. */
export interface ConfusionCountsOptions {
  /** Number of classes; default one more than the largest label seen. */
  numClasses?: number;
}

/**
 * Confusion matrix of integer labels: `matrix[t][p]` counts samples whose true
 * class is `t` and predicted class is `p` (rows true, columns predicted, as in
 * Keras and scikit-learn). Inputs are class indices `[n]` or scores `[n, classes]`
 * (argmax is taken), as arrays or tensors.
 */
export function confusionCounts(yTrue: NumericData, yPred: NumericData, options: ConfusionCountsOptions = {}): number[][] {
  const truth = readLabels(yTrue, 'yTrue');
  const predicted = readLabels(yPred, 'yPred');
  if (truth.length !== predicted.length) {
    throw new ValueError(`yTrue and yPred must have the same number of samples; got ${truth.length} and ${predicted.length}.`);
  }
  // A loop, not Math.max(...labels): spreading 100k+ labels overflows the call stack.
  let largest = -1;
  for (const label of truth) if (label > largest) largest = label;
  for (const label of predicted) if (label > largest) largest = label;
  const numClasses = options.numClasses ?? largest + 1;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`numClasses must be a positive integer, got ${numClasses}.`);
  }
  if (largest >= numClasses) {
    throw new ValueError(
      `Labels must be below numClasses (${numClasses}); found label ${largest}. Pass the full class list (classNames) or a larger numClasses.`,
    );
  }
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let index = 0; index < truth.length; index++) {
    const row = matrix[truth[index] ?? 0];
    if (row) row[predicted[index] ?? 0] = (row[predicted[index] ?? 0] ?? 0) + 1;
  }
  return matrix;
}
