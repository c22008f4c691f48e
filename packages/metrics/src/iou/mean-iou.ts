import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { Metric, type MetricOptions } from '../base/metric.js';
import { formatShape, toFloat } from '../base/samplewise.js';
import { confusionMatrix } from '../confusion/confusion-matrix.js';

/** Options of {@link MeanIoU}. Defaults follow Keras 3. */
export interface MeanIoUOptions extends MetricOptions {
  /** Number of classes; required. */
  numClasses: number;
  /** A class id left out of the metric (e.g. a void label). Default: none. */
  ignoreClass?: number | null;
  /** Whether `yTrue` holds class ids (`true`, default) or scores to arg-max along `axis`. */
  sparseYTrue?: boolean;
  /** Whether `yPred` holds class ids (`true`, default) or scores to arg-max along `axis`. */
  sparseYPred?: boolean;
  /** Class axis for arg-max. Default: `-1`. */
  axis?: number;
}

/**
 * Mean intersection-over-union over classes, from a confusion matrix accumulated over every
 * sample seen: per class `tp / (tp + fp + fn)`, averaged over classes that occur in labels or
 * predictions (Keras 3's `MeanIoU`).
 */
export class MeanIoU extends Metric {
  static override className = 'MeanIoU';
  /** Number of classes. */
  readonly numClasses: number;
  /** Ignored class, or null. */
  readonly ignoreClass: number | null;
  /** Whether labels are class ids. */
  readonly sparseYTrue: boolean;
  /** Whether predictions are class ids. */
  readonly sparseYPred: boolean;
  /** Arg-max axis. */
  readonly axis: number;
  private readonly totalConfusion: tf.Variable;

  /** @param options numClasses (required) and the options of {@link MeanIoUOptions}. */
  constructor(options: MeanIoUOptions) {
    super(options, 'mean_iou');
    if (!Number.isInteger(options?.numClasses) || options.numClasses < 1) {
      throw new ValueError(`MeanIoU: numClasses must be a positive integer, got ${options?.numClasses}. Pass new MeanIoU({ numClasses: 3 }).`);
    }
    this.numClasses = options.numClasses;
    this.ignoreClass = options.ignoreClass ?? null;
    this.sparseYTrue = options.sparseYTrue ?? true;
    this.sparseYPred = options.sparseYPred ?? true;
    this.axis = options.axis ?? -1;
    this.totalConfusion = this.addState([this.numClasses, this.numClasses]);
  }

  /** Adds this batch's (weighted) confusion matrix. */
  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const labels = tf.reshape(this.sparseYTrue ? yTrue : tf.argMax(yTrue, this.axis), [-1]);
      const predictions = tf.reshape(this.sparseYPred ? yPred : tf.argMax(yPred, this.axis), [-1]);
      if (labels.size !== predictions.size) {
        throw new ShapeError(
          `MeanIoU '${this.name}': yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} give ${labels.size} labels but ${predictions.size} predictions. ` +
            'Set sparseYTrue / sparseYPred to match your data.',
        );
      }
      let weight = sampleWeight === undefined ? tf.onesLike(toFloat(labels)) : toFloat(sampleWeight);
      if (weight.size !== labels.size) {
        // One weight per sample for dense (e.g. per-pixel) labels: repeat it over the sample's entries.
        if (weight.rank > 0 && labels.size % weight.size !== 0) {
          throw new ShapeError(
            `MeanIoU '${this.name}': sampleWeight of shape ${formatShape(weight.shape)} does not divide the ${labels.size} labels. ` +
              'Pass one weight per sample or per label.',
          );
        }
        weight =
          weight.rank === 0
            ? tf.broadcastTo(weight, [labels.size])
            : tf.broadcastTo(tf.reshape(weight, [weight.size, 1]), [weight.size, labels.size / weight.size]);
      }
      weight = tf.reshape(weight, [-1]);
      if (this.ignoreClass !== null) {
        weight = tf.mul(weight, tf.cast(tf.notEqual(toFloat(labels), this.ignoreClass), 'float32'));
      }
      Metric.accumulate(this.totalConfusion, confusionMatrix(labels, predictions, this.numClasses, { weights: weight, dtype: 'float32' }));
    });
  }

  /** Mean IoU over classes with a nonzero denominator. */
  result(): tf.Tensor {
    return tf.tidy(() => {
      const predictedPerClass = tf.sum(this.totalConfusion, 0);
      const labelledPerClass = tf.sum(this.totalConfusion, 1);
      const truePositives = tf.sum(tf.mul(this.totalConfusion, tf.eye(this.numClasses)), 1);
      const denominator = tf.sub(tf.add(predictedPerClass, labelledPerClass), truePositives);
      const validClasses = tf.sum(tf.cast(tf.notEqual(denominator, 0), 'float32'));
      return tf.divNoNan(tf.sum(tf.divNoNan(truePositives, denominator)), validClasses);
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      ignoreClass: this.ignoreClass,
      sparseYTrue: this.sparseYTrue,
      sparseYPred: this.sparseYPred,
      axis: this.axis,
    };
  }
}
