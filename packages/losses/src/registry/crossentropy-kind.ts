import { ValueError } from '@keras-ts/common';
/** Which crossentropy fits a pair of target and prediction shapes (Keras's `is_binary_or_sparse_categorical`). */
export type CrossentropyKind = 'binary' | 'sparse' | 'categorical';

/** Shapes of one output's targets and predictions; `null` marks an unknown dimension. */
export interface TargetShapes {
  /** Shape of `yTrue`. */
  yTrueShape?: readonly (number | null)[];
  /** Shape of `yPred`. */
  yPredShape?: readonly (number | null)[];
}

/**
 * Keras 3's rule for `'accuracy'` and `'crossentropy'`: a prediction whose last dimension is 1
 * is binary; targets of lower rank than the predictions, or with last dimension 1 against
 * predictions with more than one class, are sparse; anything else is categorical.
 * Throws when either shape is missing.
 */
export function crossentropyKind(identifier: string, shapes: TargetShapes | undefined): CrossentropyKind {
  const yTrueShape = shapes?.yTrueShape;
  const yPredShape = shapes?.yPredShape;
  if (yTrueShape === undefined || yPredShape === undefined) {
    throw new ValueError(
      `'${identifier}' picks its binary, sparse or categorical form from the shapes of the targets and predictions, ` +
        'but yTrueShape and yPredShape were not given. Pass them in the context argument, or name the form explicitly ' +
        "(e.g. 'binaryAccuracy', 'categoricalCrossentropy').",
    );
  }
  const yTrueLast = yTrueShape[yTrueShape.length - 1];
  const yPredLast = yPredShape[yPredShape.length - 1];
  if (yPredLast === 1) return 'binary';
  const predictsSeveralClasses = yPredLast === null || (yPredLast !== undefined && yPredLast > 1);
  if (yTrueShape.length < yPredShape.length || (yTrueLast === 1 && predictsSeveralClasses)) return 'sparse';
  return 'categorical';
}
