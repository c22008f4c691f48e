import { squeezeOrExpandToSameRank } from '@keras-ts/losses';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricOptions } from '../base/metric.js';
import { toFloat } from '../base/samplewise.js';
import { Mean } from '../reduction/mean.js';

/** `sqrt` of the (weighted) mean squared error over every sample seen; default name `'root_mean_squared_error'`. */
export class RootMeanSquaredError extends Mean {
  static override className = 'RootMeanSquaredError';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super({ name: options.name ?? 'root_mean_squared_error' });
  }

  /** Accumulates squared errors. */
  override updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const [target, prediction] = squeezeOrExpandToSameRank(toFloat(yTrue), toFloat(yPred));
      this.update(tf.square(tf.sub(prediction, target)), sampleWeight);
    });
  }

  /** `sqrt(total / count)`. */
  override result(): tf.Tensor {
    return tf.tidy(() => tf.sqrt(super.result()));
  }
}
