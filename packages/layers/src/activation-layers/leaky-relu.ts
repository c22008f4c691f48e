import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link LeakyReLU}. */
export interface LeakyReLUConfig extends LayerConfig {
  /** Slope for negative inputs. Default: 0.3 (Keras 3). */
  negativeSlope?: number;
}

/** Leaky ReLU: `x` for x ≥ 0, `negativeSlope·x` otherwise. Shapes: unchanged. */
export class LeakyReLU extends Layer {
  static override className = 'LeakyReLU';
  readonly negativeSlope: number;

  constructor(config: LeakyReLUConfig = {}) {
    super(config);
    this.negativeSlope = config.negativeSlope ?? 0.3;
    if (!(this.negativeSlope >= 0)) throw new ValueError(`LeakyReLU: \`negativeSlope\` must be ≥ 0, got ${config.negativeSlope}.`);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return tf.leakyRelu(firstTensor(inputs), this.negativeSlope);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}
registerLayerClass(LeakyReLU);
