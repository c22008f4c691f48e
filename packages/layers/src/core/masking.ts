import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link Masking}. */
export interface MaskingConfig extends LayerConfig {
  /** Timesteps whose features all equal this value are masked. Default: 0. */
  maskValue?: number;
}

/**
 * Masks timesteps whose features all equal `maskValue`: those steps are zeroed in the output and
 * skipped by later mask-aware layers (RNNs carry their state over them).
 *
 * Shapes: input `[batch, time, …features]` → same shape; mask `[batch, time]`.
 */
export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;

  constructor(config: MaskingConfig = {}) {
    super(config);
    this.maskValue = config.maskValue ?? 0;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return tf.tidy(() => {
      const keep = tf.any(tf.notEqual(x, this.maskValue), -1, true);
      return tf.mul(x, tf.cast(keep, x.dtype));
    });
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], _mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor {
    return tf.any(tf.notEqual(firstTensor(inputs), this.maskValue), -1);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
registerLayerClass(Masking);
