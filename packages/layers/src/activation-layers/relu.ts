import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link ReLU}. Defaults follow Keras 3. */
export interface ReLUConfig extends LayerConfig {
  /** Upper bound of the output; default: none. */
  maxValue?: number | null;
  /** Slope below the threshold. Default: 0. */
  negativeSlope?: number;
  /** Values below it are scaled by negativeSlope (after subtracting it). Default: 0. */
  threshold?: number;
}

/**
 * Rectified linear unit: `min(x, maxValue)` for `x ≥ threshold`, else `negativeSlope·(x − threshold)`.
 * Shapes: unchanged.
 */
export class ReLU extends Layer {
  static override className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(config: ReLUConfig = {}) {
    super(config);
    this.maxValue = config.maxValue ?? null;
    this.negativeSlope = config.negativeSlope ?? 0;
    this.threshold = config.threshold ?? 0;
    if (this.maxValue !== null && !(this.maxValue >= 0)) throw new ValueError(`ReLU: \`maxValue\` must be ≥ 0 or null, got ${config.maxValue}.`);
    if (!(this.negativeSlope >= 0)) throw new ValueError(`ReLU: \`negativeSlope\` must be ≥ 0, got ${config.negativeSlope}.`);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return tf.tidy(() => {
      const above = tf.greaterEqual(x, this.threshold);
      let positive: tf.Tensor = x;
      if (this.maxValue !== null) positive = tf.minimum(x, this.maxValue);
      const negative = this.negativeSlope === 0 ? tf.zerosLike(x) : tf.mul(tf.sub(x, this.threshold), this.negativeSlope);
      return tf.where(above, positive, negative);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}
registerLayerClass(ReLU);
