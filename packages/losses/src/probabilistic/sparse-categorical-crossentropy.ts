import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { type LabelRequirement, Loss, type LossOptions } from '../base/loss.js';
import { reduceWeightedValues } from '../base/reduction.js';
import { formatShape, logSoftmaxAlong, normalizeAndClipProbabilities } from '../base/tensor-utils.js';

/** Options of {@link sparseCategoricalCrossentropy}. Defaults follow Keras 3. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default: `false`. */
  fromLogits?: boolean;
  /** A class id whose samples contribute zero loss (and are left out of the mean by the loss class). Default: none. */
  ignoreClass?: number | null;
}

/**
 * Brings integer labels of shape `[batch, …]` or `[batch, …, 1]` to the shape of `yPred`
 * without its class axis, throwing when they cannot be.
 */
function labelsFor(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const outer = yPred.shape.slice(0, -1);
  const matches = (shape: readonly number[]) => shape.length === outer.length && shape.every((s, i) => s === outer[i]);
  if (matches(yTrue.shape)) return yTrue;
  if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 && matches(yTrue.shape.slice(0, -1))) {
    return tf.reshape(yTrue, outer);
  }
  throw new ShapeError(
    `sparseCategoricalCrossentropy: yTrue must hold one integer class id per sample, shape ${formatShape(outer)} or ${formatShape([...outer, 1])}, ` +
      `got ${formatShape(yTrue.shape)} for yPred ${formatShape(yPred.shape)}. For one-hot targets use categoricalCrossentropy.`,
  );
}

/** 1 where the label is not `ignoreClass`, 0 where it is; shape of `yPred` without its class axis. */
export function validLabelMask(yTrue: tf.Tensor, yPred: tf.Tensor, ignoreClass: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.notEqual(tf.cast(labelsFor(yTrue, yPred), 'float32'), ignoreClass), 'float32'));
}

/**
 * Crossentropy between integer class ids and predicted class probabilities (or logits):
 * `-log(yPred[label])`, with probabilities renormalized and clipped into `[1e-7, 1 - 1e-7]`.
 * Labels outside `[0, classes)` select no class and give zero loss (the engine validates label
 * ranges before training). Shapes: yTrue `[batch, …]` or `[batch, …, 1]`, yPred
 * `[batch, …, classes]` → `[batch, …]`.
 */
export function sparseCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: SparseCategoricalCrossentropyOptions = {}): tf.Tensor {
  const { fromLogits = false, ignoreClass = null } = options;
  return tf.tidy(() => {
    const classAxis = yPred.rank - 1;
    const numClasses = yPred.shape[classAxis] ?? 1;
    let labels = tf.cast(labelsFor(yTrue, yPred), 'int32');
    let valid: tf.Tensor | undefined;
    if (ignoreClass !== null) {
      valid = tf.cast(tf.notEqual(labels, tf.scalar(ignoreClass, 'int32')), 'int32');
      labels = tf.mul(labels, valid);
    }
    const oneHot = tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), numClasses), yPred.shape);
    const logProbabilities = fromLogits ? logSoftmaxAlong(yPred, classAxis) : tf.log(normalizeAndClipProbabilities(yPred, classAxis));
    const losses = tf.neg(tf.sum(tf.mul(oneHot, logProbabilities), classAxis));
    return valid === undefined ? losses : tf.mul(losses, tf.cast(valid, 'float32'));
  });
}
sparseCategoricalCrossentropy.labels = 'sparse' as const;

/** Options of the {@link SparseCategoricalCrossentropy} loss class. */
export interface SparseCategoricalCrossentropyConfig extends LossOptions, SparseCategoricalCrossentropyOptions {}

/**
 * {@link sparseCategoricalCrossentropy} as a {@link Loss}; default name
 * `'sparse_categorical_crossentropy'`. With `ignoreClass`, mean reductions average over the
 * samples whose label is not ignored (Keras masks them).
 */
export class SparseCategoricalCrossentropy extends Loss {
  static override className = 'SparseCategoricalCrossentropy';
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Ignored class id, or `null`. */
  readonly ignoreClass: number | null;

  /** @param config loss options and crossentropy options. */
  constructor(config: SparseCategoricalCrossentropyConfig = {}) {
    super(config, 'sparse_categorical_crossentropy');
    this.fromLogits = config.fromLogits ?? false;
    this.ignoreClass = config.ignoreClass ?? null;
  }

  /** `'sparse'`: targets are integer class ids (see {@link LabelRequirement}). */
  override get labels(): LabelRequirement {
    return 'sparse';
  }

  /** Per-sample crossentropy (zero for ignored labels). */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, this);
  }

  override compute(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): tf.Tensor {
    if (this.ignoreClass === null) return super.compute(yTrue, yPred, sampleWeight);
    const ignoreClass = this.ignoreClass;
    return tf.tidy(() => reduceWeightedValues(this.name, this.call(yTrue, yPred), this.reduction, sampleWeight, validLabelMask(yTrue, yPred, ignoreClass)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }
}
