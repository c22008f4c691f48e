import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link ELU}. */
export interface ELUConfig extends LayerConfig {
  /** Scale of the negative part. Default: 1. */
  alpha?: number;
}

/** Exponential linear unit: `x` for x > 0, `alpha·(exp(x) − 1)` otherwise. Shapes: unchanged. */
export class ELU extends Layer {
  static override className = 'ELU';
  readonly alpha: number;

  constructor(config: ELUConfig = {}) {
    super(config);
    this.alpha = config.alpha ?? 1;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    if (this.alpha === 1) return tf.elu(x);
    return tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(tf.elu(x), this.alpha)));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
registerLayerClass(ELU);
