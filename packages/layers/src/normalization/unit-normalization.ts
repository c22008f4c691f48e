import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link UnitNormalization}. */
export interface UnitNormalizationConfig extends LayerConfig {
  /** Axis or axes along which each sample is scaled to unit L2 norm. Default: -1. */
  axis?: number | number[];
}

/** Scales each sample to unit L2 norm along `axis`: `x / √max(Σx², 1e-12)`. Shapes: unchanged. */
export class UnitNormalization extends Layer {
  static override className = 'UnitNormalization';
  readonly axis: number[];

  constructor(config: UnitNormalizationConfig = {}) {
    super(config);
    this.axis = typeof config.axis === 'number' ? [config.axis] : [...(config.axis ?? [-1])];
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), this.axis, true), 1e-12))));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis.length === 1 ? this.axis[0] : [...this.axis] };
  }
}
registerLayerClass(UnitNormalization);
