import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricOptions } from '../base/metric.js';
import { toFloat } from '../base/samplewise.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Elementwise `1` where `yPred` equals `yTrue` exactly, else `0` (Keras's `accuracy`). */
export function accuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [target, prediction] = squeezeOrExpandToSameRank(toFloat(yTrue), toFloat(yPred));
    return tf.cast(tf.equal(target, prediction), 'float32');
  });
}

/** How often predictions equal labels exactly; default name `'accuracy'`. */
export class Accuracy extends MeanMetricWrapper {
  static override className = 'Accuracy';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super(accuracy, { name: options.name ?? 'accuracy' });
  }
}
