import * as tf from '@tensorflow/tfjs-core';
import { type LabelRequirement, Loss, type LossOptions } from '../base/loss.js';
import {
  alignTargets,
  checkLabelSmoothing,
  logSoftmaxAlong,
  normalizeAndClipProbabilities,
  normalizeAxis,
} from '../base/tensor-utils.js';

/**
 * A fused forward kernel and its gradient kernel, registered by backends that provide them
 * (the 'native' backend): two kernels instead of about thirty for probabilities on the last axis.
 */
const FUSED_KERNEL = 'KerasCategoricalCrossentropy';
const FUSED_GRAD_KERNEL = 'KerasCategoricalCrossentropyGrad';

function canFuse(target: tf.Tensor, prediction: tf.Tensor): boolean {
  const backend = tf.getBackend();
  return target.dtype === 'float32' && prediction.dtype === 'float32'
    && tf.getKernel(FUSED_KERNEL, backend) !== undefined && tf.getKernel(FUSED_GRAD_KERNEL, backend) !== undefined;
}

const fusedCategoricalCrossentropy = tf.customGrad((target, prediction, save) => {
  const yTrue = target as tf.Tensor;
  const yPred = prediction as tf.Tensor;
  (save as tf.GradSaveFunc)([yTrue, yPred]);
  return {
    value: tf.engine().runKernel(FUSED_KERNEL, { yTrue, yPred }) as tf.Tensor,
    gradFunc: (dy, saved) => {
      const [savedTrue, savedPred] = saved as [tf.Tensor, tf.Tensor];
      return tf.engine().runKernel(FUSED_GRAD_KERNEL, { dy: dy as tf.Tensor, yTrue: savedTrue, yPred: savedPred }) as tf.Tensor[];
    },
  };
}) as (target: tf.Tensor, prediction: tf.Tensor) => tf.Tensor;

/** Options of {@link categoricalCrossentropy}. Defaults follow Keras 3. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default: `false`. */
  fromLogits?: boolean;
  /** In [0, 1]; targets become `yTrue * (1 - labelSmoothing) + labelSmoothing / numClasses`. Default: `0`. */
  labelSmoothing?: number;
  /** Class axis. Default: `-1`. */
  axis?: number;
}

/**
 * Categorical crossentropy between one-hot (or soft) targets and predicted class
 * probabilities: `-sum(yTrue * log(yPred), axis)`. Probabilities are renormalized to sum to
 * one and clipped into `[1e-7, 1 - 1e-7]`, as Keras does; logits go through a stable
 * log-softmax. Shapes: `[batch, …, classes]` → `[batch, …]`.
 */
export function categoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: CategoricalCrossentropyOptions = {},
): tf.Tensor {
  const { fromLogits = false, labelSmoothing = 0 } = options;
  checkLabelSmoothing('categoricalCrossentropy', labelSmoothing);
  return tf.tidy(() => {
    const axis = normalizeAxis('categoricalCrossentropy', options.axis ?? -1, yPred.rank);
    let [target, prediction] = alignTargets('categoricalCrossentropy', yTrue, yPred);
    if (labelSmoothing > 0) {
      const numClasses = prediction.shape[axis] ?? 1;
      target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / numClasses);
    }
    if (!fromLogits && labelSmoothing === 0 && axis === prediction.rank - 1 && canFuse(target, prediction)) {
      return fusedCategoricalCrossentropy(target, prediction);
    }
    const logProbabilities = fromLogits
      ? logSoftmaxAlong(prediction, axis)
      : tf.log(normalizeAndClipProbabilities(prediction, axis));
    return tf.neg(tf.sum(tf.mul(target, logProbabilities), axis));
  });
}
categoricalCrossentropy.labels = 'categorical' as const;

/** Options of the {@link CategoricalCrossentropy} loss class. */
export interface CategoricalCrossentropyConfig extends LossOptions, CategoricalCrossentropyOptions {}

/** {@link categoricalCrossentropy} as a {@link Loss}; default name `'categorical_crossentropy'`. */
export class CategoricalCrossentropy extends Loss {
  static override className = 'CategoricalCrossentropy';
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing factor in [0, 1]. */
  readonly labelSmoothing: number;
  /** Class axis. */
  readonly axis: number;

  /** @param config loss options and crossentropy options. */
  constructor(config: CategoricalCrossentropyConfig = {}) {
    super(config, 'categorical_crossentropy');
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkLabelSmoothing(this.name, this.labelSmoothing);
  }

  /** `'categorical'`: targets are one value per class (see {@link LabelRequirement}). */
  override get labels(): LabelRequirement {
    return 'categorical';
  }

  /** Per-sample crossentropy. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return categoricalCrossentropy(yTrue, yPred, this);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
