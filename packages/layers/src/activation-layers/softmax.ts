import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { firstMask, firstTensor } from '../utils/arguments.js';

/** Options for {@link Softmax}. */
export interface SoftmaxConfig extends LayerConfig {
  /** Axis (or axes) normalized over. Default: -1. */
  axis?: number | number[];
}

/**
 * Softmax over `axis`: `exp(x) / Σexp(x)`. A `mask` call option (1 = keep) pushes masked entries to
 * probability ~0, as Keras does. Shapes: unchanged.
 */
export class Softmax extends Layer {
  static override className = 'Softmax';
  readonly axis: number[];

  constructor(config: SoftmaxConfig = {}) {
    super(config);
    this.axis = typeof config.axis === 'number' ? [config.axis] : [...(config.axis ?? [-1])];
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const mask = firstMask(options.mask);
    return tf.tidy(() => {
      const logits = mask === null ? x : tf.add(x, tf.mul(tf.sub(1, tf.cast(mask, x.dtype)), -1e9));
      if (this.axis.length === 1 && (this.axis[0] === -1 || this.axis[0] === x.rank - 1)) return tf.softmax(logits, -1);
      // Several axes (or a middle one): exp(x − logsumexp(x)) over them.
      return tf.exp(tf.sub(logits, tf.logSumExp(logits, this.axis, true)));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis.length === 1 ? this.axis[0] : [...this.axis] };
  }
}
registerLayerClass(Softmax);
