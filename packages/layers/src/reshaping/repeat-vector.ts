import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { checkPositiveInteger, firstShape, firstTensor } from '../utils/arguments.js';

/** Options for {@link RepeatVector}. */
export interface RepeatVectorConfig extends LayerConfig {
  /** Number of repetitions. */
  n: number;
}

/** Repeats each input vector `n` times. Shapes: `[batch, features]` → `[batch, n, features]`. */
export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;

  constructor(config: RepeatVectorConfig) {
    super(config);
    this.n = checkPositiveInteger(config?.n, 'n', 'RepeatVector');
    this.inputSpec = [{ ndim: 2 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return tf.tidy(() => tf.tile(tf.expandDims(firstTensor(inputs), 1), [1, this.n, 1]));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, features] = firstShape(inputShape);
    return [batch ?? null, this.n, features ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}
registerLayerClass(RepeatVector);
